import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyErrorName, verifyErrorString, X509_V } from './verify-error.js';

const HEADER = '/usr/include/openssl/x509_vfy.h';

function buildReference(): string | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'strata-verify-strings-')), 'verify-strings');
  const src = join(import.meta.dirname, '..', 'test', 'c', 'verify-strings.c');
  return spawnSync('cc', ['-o', out, src, '-lcrypto']).status === 0 ? out : undefined;
}

const reference = buildReference();

describe('X509_V_* codes and strings', () => {
  it.skipIf(!existsSync(HEADER))(
    'has every X509_V_ constant of <openssl/x509_vfy.h> with its number',
    () => {
      const defined = [
        ...readFileSync(HEADER, 'utf8').matchAll(/#\s*define\s+X509_V_(OK|ERR_\w+)\s+(\d+)\b/g),
      ].map((m) => [m[1]!, Number(m[2])] as const);
      expect(defined.length).toBeGreaterThan(90);
      expect(Object.entries(X509_V)).toEqual(defined);
      for (const [name, code] of defined) expect(verifyErrorName(code)).toBe(`X509_V_${name}`);
    },
  );

  it.skipIf(reference === undefined)(
    'prints exactly the texts of X509_verify_cert_error_string',
    () => {
      const lines = spawnSync(reference!, [], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(lines.length).toBe(128);
      for (const line of lines) {
        const [n, text] = line.split('\t') as [string, string];
        expect(verifyErrorString(Number(n)), `code ${n}`).toBe(text);
      }
    },
  );
});
