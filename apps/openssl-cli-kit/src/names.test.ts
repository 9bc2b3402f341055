import { readFileSync } from 'node:fs';
import { certificatesFromPem } from '@strata/openssl/node';
import { hasOpenssl, makePki } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import { issuerName, subjectName, verifyReturnCode } from './names.js';

describe('verifyReturnCode', () => {
  it("prints the code and OpenSSL's text for it, as in `Verify return code: 0 (ok)`", () => {
    expect(verifyReturnCode(0)).toBe('0 (ok)');
    expect(verifyReturnCode(20)).toBe('20 (unable to get local issuer certificate)');
  });
});

(hasOpenssl() ? describe : describe.skip)(
  'subjectName and issuerName (openssl on PATH for the certificates)',
  () => {
    it('print the names of a certificate as openssl s_client does', () => {
      const pki = makePki();
      const [leaf, ...rest] = certificatesFromPem(new Uint8Array(readFileSync(pki.serverEc.cert)));
      if (!leaf) throw new Error('no certificate in the PEM file');
      expect(rest).toEqual([]);
      expect(subjectName(leaf)).toBe('CN = localhost');
      expect(issuerName(leaf)).toBe('CN = Strata Apps Test CA');
      const [ca] = certificatesFromPem(new Uint8Array(readFileSync(pki.ca)));
      if (!ca) throw new Error('no CA certificate in the PEM file');
      expect(subjectName(ca)).toBe('CN = Strata Apps Test CA');
    });
  },
);
