import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ERR_clear_error,
  SSL_CTX_get_max_proto_version,
  SSL_CTX_get_min_proto_version,
  SSL_CTX_new,
  TLS_client_method,
  TLS_server_method,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
} from '@strata/openssl/node';
import { hasOpenssl, makePki } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import {
  type Check,
  loadCAfile,
  setAlgorithmLists,
  setKeylogFile,
  setVersionFlags,
  useCertificateAndKey,
} from './context.js';
import { type FlagSpec, parseFlags } from './flags.js';
import { handshakeOverBioPair, pairContexts } from './testing.js';

const SPEC: Readonly<Record<string, FlagSpec>> = {
  ciphersuites: { arg: 'list', help: '' },
  groups: { arg: 'list', help: '' },
  sigalgs: { arg: 'list', help: '' },
  keylogfile: { arg: 'file', help: '' },
  tls1_3: { help: '' },
  tls1_2: { help: '' },
  CAfile: { arg: 'file', help: '' },
};

/** A `Check` that records what it is asked. */
function recorder(): { check: Check; seen: [boolean, string][] } {
  const seen: [boolean, string][] = [];
  return { check: (ok, what) => seen.push([ok, what]), seen };
}

function checks(argv: string[]): [boolean, string][] {
  const seen: [boolean, string][] = [];
  setAlgorithmLists(SSL_CTX_new(TLS_client_method()), parseFlags(argv, SPEC), (ok, what) =>
    seen.push([ok, what]),
  );
  return seen;
}

describe('setAlgorithmLists', () => {
  it('checks each list given, in order, and says which one the facade refused', () => {
    expect(checks([])).toEqual([]);
    expect(
      checks([
        '-sigalgs',
        'ecdsa_secp256r1_sha256',
        '-groups',
        'no-such-group',
        '-ciphersuites',
        'TLS_AES_128_GCM_SHA256',
      ]),
    ).toEqual([
      [true, 'bad -ciphersuites TLS_AES_128_GCM_SHA256'],
      [false, 'bad -groups no-such-group'],
      [true, 'bad -sigalgs ecdsa_secp256r1_sha256'],
    ]);
  });
});

(hasOpenssl() ? describe : describe.skip)(
  'setKeylogFile (openssl on PATH for the certificates)',
  () => {
    it('appends the key-log lines of a handshake to the file, and sets nothing without the flag', () => {
      const pki = makePki();
      const file = join(mkdtempSync(join(tmpdir(), 'strata-cli-kit-')), 'keys.log');
      const handshake = (argv: string[]) => {
        const { sctx, cctx } = pairContexts(pki);
        setKeylogFile(cctx, parseFlags(argv, SPEC));
        handshakeOverBioPair(cctx, sctx);
      };
      handshake([]);
      expect(existsSync(file)).toBe(false);
      handshake(['-keylogfile', file]);
      const labels = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]);
      expect(labels).toEqual(
        expect.arrayContaining(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0']),
      );
    });
  },
);

describe('setVersionFlags', () => {
  it('pins minimum and maximum to the version flagged, the later of two winning, and leaves them alone otherwise', () => {
    const versions = (argv: string[]) => {
      const ctx = SSL_CTX_new(TLS_client_method());
      const before = [SSL_CTX_get_min_proto_version(ctx), SSL_CTX_get_max_proto_version(ctx)];
      setVersionFlags(ctx, parseFlags(argv, SPEC));
      return {
        before,
        after: [SSL_CTX_get_min_proto_version(ctx), SSL_CTX_get_max_proto_version(ctx)],
      };
    };
    const none = versions([]);
    expect(none.after).toEqual(none.before);
    expect(versions(['-tls1_3']).after).toEqual([TLS1_3_VERSION, TLS1_3_VERSION]);
    expect(versions(['-tls1_2']).after).toEqual([TLS1_2_VERSION, TLS1_2_VERSION]);
    expect(versions(['-tls1_2', '-tls1_3']).after).toEqual([TLS1_2_VERSION, TLS1_2_VERSION]);
  });
});

describe('loadCAfile', () => {
  it('does nothing without -CAfile, and sends a file it cannot load to check', () => {
    const { check, seen } = recorder();
    expect(loadCAfile(SSL_CTX_new(TLS_client_method()), parseFlags([], SPEC), check)).toBe(
      undefined,
    );
    expect(seen).toEqual([]);
    const missing = '/nonexistent/ca.pem';
    const ctx = SSL_CTX_new(TLS_client_method());
    expect(loadCAfile(ctx, parseFlags(['-CAfile', missing], SPEC), check)).toBe(missing);
    expect(seen).toEqual([[false, `cannot load -CAfile ${missing}`]]);
    ERR_clear_error();
  });
});

(hasOpenssl() ? describe : describe.skip)(
  'useCertificateAndKey and loadCAfile (openssl on PATH for the certificates)',
  () => {
    it('loads a matching pair and a CA file; a key of another certificate fails the last check only', () => {
      const pki = makePki();
      const good = recorder();
      const sctx = SSL_CTX_new(TLS_server_method());
      useCertificateAndKey(sctx, pki.serverEc.cert, pki.serverEc.key, good.check, 'mismatch');
      expect(loadCAfile(sctx, parseFlags(['-CAfile', pki.ca], SPEC), good.check)).toBe(pki.ca);
      expect(good.seen).toEqual([
        [true, `cannot load -cert ${pki.serverEc.cert}`],
        [true, `cannot load -key ${pki.serverEc.key}`],
        [true, 'mismatch'],
        [true, `cannot load -CAfile ${pki.ca}`],
      ]);
      const bad = recorder();
      useCertificateAndKey(
        SSL_CTX_new(TLS_server_method()),
        pki.serverEc.cert,
        pki.serverRsa.key,
        bad.check,
        'key does not match',
      );
      expect(bad.seen.map(([ok]) => ok)).toEqual([true, true, false]);
      expect(bad.seen[2]).toEqual([false, 'key does not match']);
      ERR_clear_error();
    });
  },
);
