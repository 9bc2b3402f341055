import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
import { CHAINS } from '../test/fixtures.js';
import { parseCertificates } from './certificate.js';

/**
 * Differential test of certificate fields against libcrypto itself
 * (test/c/x509-fields.c): X509_NAME_oneline, X509_NAME_print_ex with
 * XN_FLAG_RFC2253, i2a_ASN1_INTEGER, ASN1_TIME_to_tm, EVP_PKEY_get_bits and
 * the signature algorithm's long name, for every fixture and every
 * certificate of the system bundle (real-world names: UTF8String,
 * BMPString, PrintableString, T61String, multi-valued RDNs).
 */
function buildReference(): string | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'strata-x509-fields-')), 'x509-fields');
  const src = join(import.meta.dirname, '..', 'test', 'c', 'x509-fields.c');
  const r = spawnSync('cc', ['-o', out, src, '-lcrypto'], { encoding: 'utf8' });
  return r.status === 0 ? out : undefined;
}

const reference = buildReference();
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function compare(pem: string): number {
  const r = spawnSync(reference!, [], { input: pem, encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(r.status).toBe(0);
  const theirs = r.stdout.split('\n').filter((l) => l.length > 0);
  const ours = parseCertificates(pem).map((c) =>
    [
      c.subject.oneline,
      c.subject.rfc4514,
      c.issuer.oneline,
      c.serialHex,
      String(c.notBefore.getTime() / 1000),
      String(c.notAfter.getTime() / 1000),
      String(c.publicKey.bits),
      c.signatureAlgorithm.name,
    ].join('\t'),
  );
  expect(ours.length).toBe(theirs.length);
  const mismatches = ours.flatMap((line, i) =>
    line === theirs[i] ? [] : [{ ours: line, theirs: theirs[i] }],
  );
  expect(mismatches).toEqual([]);
  return ours.length;
}

describe.skipIf(reference === undefined)(
  'certificate fields = libcrypto (compiled from test/c/x509-fields.c)',
  () => {
    it('agrees on every fixture certificate', () => {
      const pem = readdirSync(CHAINS)
        .filter((f) => f.endsWith('.pem'))
        .sort()
        .map((f) => readFileSync(join(CHAINS, f), 'utf8'))
        .join('');
      expect(compare(pem)).toBeGreaterThan(40);
    });

    it.skipIf(!existsSync(SYSTEM_BUNDLE))(
      'agrees on every certificate of the system bundle',
      () => {
        expect(compare(readFileSync(SYSTEM_BUNDLE, 'latin1'))).toBeGreaterThan(50);
      },
    );
  },
);

describe.skipIf(!existsSync(SYSTEM_BUNDLE))('system roots', () => {
  it('self-signatures verify over the kept TBS bytes (all but SHA-1)', () => {
    const roots = parseCertificates(readFileSync(SYSTEM_BUNDLE, 'latin1'));
    let checked = 0;
    for (const root of roots) {
      const alg = root.signatureAlgorithm.algorithm;
      if (alg === undefined) {
        expect(root.signatureAlgorithm.name).toBe('sha1WithRSAEncryption');
        continue;
      }
      const ok = nobleProvider.verify(alg, root.publicKey.key!, root.tbs, root.signature);
      expect(ok, root.subject.oneline).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
