import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyErrorAlert } from './verify.js';
import { verifyErrorName, verifyErrorString, X509_V } from './verify-error.js';

const HEADER = '/usr/include/openssl/x509_vfy.h';

function buildReference(): string | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'strata-verify-strings-')), 'verify-strings');
  const src = join(import.meta.dirname, '..', 'test', 'c', 'verify-strings.c');
  return spawnSync('cc', ['-o', out, src, '-lcrypto']).status === 0 ? out : undefined;
}

const reference = buildReference();

const ALERT_SRC = join(import.meta.dirname, '..', 'test', 'c', 'verify-alert.c');
function buildAlertReference(): string | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'strata-verify-alert-')), 'verify-alert');
  return spawnSync('cc', ['-o', out, ALERT_SRC, '-lssl', '-lcrypto']).status === 0
    ? out
    : undefined;
}
const alertReference = buildAlertReference();

/** `<n>\t<SSL_alert_desc_string_long>` lines → [code, alert name] pairs. */
function alertLines(text: string): Array<[number, string]> {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [n, desc] = line.split('\t') as [string, string];
      return [Number(n), desc.toLowerCase().replace(/ /g, '_')];
    });
}

describe('the alert sent for a verification error (ssl_verify_alarm_type)', () => {
  const check = (lines: Array<[number, string]>) => {
    expect(lines).toHaveLength(127);
    for (const [code, alert] of lines) {
      expect(verifyErrorAlert(code), `${code} ${verifyErrorName(code)}`).toBe(alert);
    }
  };

  it('matches the alerts recorded from libssl 3.0.19 for every code 1..127', () => {
    check(alertLines(readFileSync(ALERT_SRC.replace(/\.c$/, '.expected'), 'utf8')));
  });

  it.skipIf(alertReference === undefined)(
    'matches a fresh run of test/c/verify-alert.c against the system libssl',
    () => {
      check(alertLines(spawnSync(alertReference!, [], { encoding: 'utf8' }).stdout));
    },
  );
});

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
