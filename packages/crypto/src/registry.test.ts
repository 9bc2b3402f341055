import { describe, expect, it } from 'vitest';
import { x25519Group } from './kx/x25519.js';
import { nobleProvider } from './provider.js';
import {
  CipherSuiteCode,
  cipherSuiteByCode,
  cipherSuiteByName,
  groupByCode,
  groupByName,
  NamedGroup,
  SignatureSchemeCode,
  signatureSchemeByCode,
  signatureSchemeByName,
} from './registry.js';

describe('code point tables', () => {
  it('names code points, and keeps unknown ones as hex', () => {
    expect(CipherSuiteCode.TLS_AES_128_GCM_SHA256).toBe(0x1301);
    expect(CipherSuiteCode.name(0xcca9)).toBe('TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
    expect(CipherSuiteCode.name(0x009c)).toBe('unknown(0x009c)');
    expect(NamedGroup.x25519).toBe(0x001d);
    expect(NamedGroup.X25519MLKEM768).toBe(0x11ec);
    expect(NamedGroup.name(0x0104)).toBe('ffdhe8192');
    expect(NamedGroup.name(0x0a0a)).toBe('unknown(0x0a0a)'); // GREASE
    expect(SignatureSchemeCode.name(0x0201)).toBe('rsa_pkcs1_sha1');
    expect(SignatureSchemeCode.name(0x080b)).toBe('rsa_pss_pss_sha512');
    expect(SignatureSchemeCode.ed448).toBe(0x0808);
  });

  it('lists every RFC 8446 §4.2.3 signature scheme', () => {
    const rfc8446 = [
      0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808,
      0x0809, 0x080a, 0x080b, 0x0201, 0x0203,
    ];
    for (const code of rfc8446) expect(SignatureSchemeCode.has(code)).toBe(true);
  });

  it('lists every named group of the issue, ffdhe2048..8192 included', () => {
    const codes = [
      0x1d, 0x17, 0x18, 0x19, 0x1e, 0x100, 0x101, 0x102, 0x103, 0x104, 0x11ec, 0x11eb, 0x11ed,
    ];
    for (const code of codes) expect(NamedGroup.has(code)).toBe(true);
  });
});

describe('cipher suite lookups', () => {
  it('finds every provider suite by code, IANA name and OpenSSL name', () => {
    for (const suite of nobleProvider.cipherSuites) {
      expect(cipherSuiteByCode(nobleProvider, suite.code)).toBe(suite);
      expect(cipherSuiteByName(nobleProvider, suite.name)).toBe(suite);
      expect(cipherSuiteByName(nobleProvider, suite.opensslName)).toBe(suite);
      expect(CipherSuiteCode.name(suite.code)).toBe(suite.name);
    }
  });

  it('maps OpenSSL names to the right suite', () => {
    expect(cipherSuiteByName(nobleProvider, 'ECDHE-RSA-AES128-GCM-SHA256')?.code).toBe(0xc02f);
    expect(cipherSuiteByName(nobleProvider, 'ECDHE-ECDSA-AES256-GCM-SHA384')?.code).toBe(0xc02c);
    expect(cipherSuiteByName(nobleProvider, 'ECDHE-RSA-CHACHA20-POLY1305')?.code).toBe(0xcca8);
    expect(cipherSuiteByName(nobleProvider, 'TLS_CHACHA20_POLY1305_SHA256')?.code).toBe(0x1303);
  });

  it('returns undefined for unknown codes and names', () => {
    expect(cipherSuiteByCode(nobleProvider, 0x009c)).toBeUndefined();
    expect(cipherSuiteByCode(nobleProvider, 0x00ff)).toBeUndefined(); // SCSV is not a suite
    expect(cipherSuiteByName(nobleProvider, 'AES128-SHA')).toBeUndefined();
    expect(cipherSuiteByName(nobleProvider, '')).toBeUndefined();
  });

  it('follows the provider it is given (overriding by spread)', () => {
    const chachaOnly = {
      ...nobleProvider,
      cipherSuites: nobleProvider.cipherSuites.filter((s) => s.aead.name === 'CHACHA20_POLY1305'),
    };
    expect(cipherSuiteByCode(chachaOnly, 0x1301)).toBeUndefined();
    expect(cipherSuiteByCode(chachaOnly, 0x1303)?.name).toBe('TLS_CHACHA20_POLY1305_SHA256');
  });
});

describe('cipher suite table', () => {
  it('puts TLS 1.3 first, then TLS 1.2 ECDSA before RSA', () => {
    const versions = nobleProvider.cipherSuites.map((s) => s.version);
    expect(versions.lastIndexOf('TLS1.3')).toBeLessThan(versions.indexOf('TLS1.2'));
    const tls12 = nobleProvider.cipherSuites.filter((s) => s.version === 'TLS1.2');
    const auth = tls12.map((s) => (s.version === 'TLS1.2' ? s.authentication : ''));
    expect(auth.lastIndexOf('ECDSA')).toBeLessThan(auth.indexOf('RSA'));
    expect(nobleProvider.cipherSuites.map((s) => s.code)).toEqual([
      0x1303, 0x1301, 0x1302, 0xcca9, 0xc02b, 0xc02c, 0xcca8, 0xc02f, 0xc030,
    ]);
  });

  it('carries the parameters each layer needs', () => {
    for (const suite of nobleProvider.cipherSuites) {
      const sha384 = suite.name.endsWith('SHA384');
      expect(suite.hash.name).toBe(sha384 ? 'sha384' : 'sha256');
      expect(suite.aead.name).toBe(
        suite.name.includes('CHACHA20')
          ? 'CHACHA20_POLY1305'
          : suite.name.includes('AES_256')
            ? 'AES_256_GCM'
            : 'AES_128_GCM',
      );
      if (suite.version === 'TLS1.2') {
        const chacha = suite.aead.name === 'CHACHA20_POLY1305';
        expect([suite.fixedIvLength, suite.explicitNonceLength]).toEqual(chacha ? [12, 0] : [4, 8]);
        expect(suite.keyExchange).toBe('ECDHE');
        expect(suite.name.includes(`_${suite.authentication}_`)).toBe(true);
      } else {
        expect(suite.opensslName).toBe(suite.name);
      }
    }
  });
});

describe('group lookups', () => {
  it('finds every provider group by code, IANA name and OpenSSL name', () => {
    for (const group of nobleProvider.groups) {
      expect(groupByCode(nobleProvider, group.code)).toBe(group);
      expect(groupByName(nobleProvider, group.name)).toBe(group);
      expect(groupByName(nobleProvider, group.opensslName)).toBe(group);
      expect(groupByName(nobleProvider, group.name.toUpperCase())).toBe(group);
    }
  });

  it('accepts OpenSSL aliases, case-insensitively', () => {
    for (const alias of ['prime256v1', 'secp256r1', 'P-256', 'p-256', 'SECP256R1']) {
      expect(groupByName(nobleProvider, alias)?.code).toBe(0x0017);
    }
    expect(groupByName(nobleProvider, 'P-384')?.code).toBe(0x0018);
    expect(groupByName(nobleProvider, 'X25519')?.code).toBe(0x001d);
    expect(groupByName(nobleProvider, 'x25519mlkem768')?.code).toBe(0x11ec);
    expect(groupByName(nobleProvider, 'X448')?.code).toBe(0x001e);
    for (const alias of ['P-521', 'secp521r1', 'p521']) {
      expect(groupByName(nobleProvider, alias)?.code).toBe(0x0019);
    }
    expect(groupByName(nobleProvider, 'FFDHE3072')?.code).toBe(0x0101);
  });

  it('returns undefined for groups the provider does not offer or nobody knows', () => {
    expect(groupByCode({ groups: [x25519Group] }, 0x0100)).toBeUndefined();
    expect(groupByName({ groups: [x25519Group] }, 'ffdhe2048')).toBeUndefined();
    expect(groupByName(nobleProvider, 'SecP256r1MLKEM768')).toBeUndefined();
    expect(groupByName(nobleProvider, 'brainpoolP256r1')).toBeUndefined();
    expect(groupByName({ groups: [] }, 'x25519')).toBeUndefined();
  });
});

describe('signature scheme lookups', () => {
  it('finds every provider scheme by code, IANA name and OpenSSL name', () => {
    for (const scheme of nobleProvider.signatureSchemes) {
      expect(signatureSchemeByCode(nobleProvider, scheme.code)).toBe(scheme);
      expect(signatureSchemeByName(nobleProvider, scheme.name)).toBe(scheme);
      expect(signatureSchemeByName(nobleProvider, scheme.opensslName)).toBe(scheme);
      expect(SignatureSchemeCode.name(scheme.code)).toBe(scheme.name);
    }
  });

  it("accepts OpenSSL's SIG+HASH names", () => {
    const cases: [string, number][] = [
      ['ECDSA+SHA256', 0x0403],
      ['ecdsa+sha384', 0x0503],
      ['RSA-PSS+SHA256', 0x0804],
      ['PSS+SHA384', 0x0805],
      ['RSA+SHA256', 0x0401],
      ['RSA+SHA512', 0x0601],
      ['ECDSA+SHA512', 0x0603],
      ['ecdsa_secp521r1_sha512', 0x0603],
      ['rsa_pss_rsae_sha256', 0x0804],
      ['rsa_pss_pss_sha256', 0x0809],
      ['ed25519', 0x0807],
      ['Ed25519', 0x0807],
    ];
    for (const [name, code] of cases) {
      const found = signatureSchemeByName(nobleProvider, name);
      // a scheme the provider lacks gives undefined; one it has must be the right one
      if (nobleProvider.signatureSchemes.some((s) => s.code === code))
        expect(found?.code, name).toBe(code);
      else expect(found, name).toBeUndefined();
    }
    expect(signatureSchemeByName(nobleProvider, 'ECDSA+SHA256')?.code).toBe(0x0403);
    expect(signatureSchemeByName(nobleProvider, 'ECDSA+SHA512')?.curve).toBe('P-521');
  });

  it('returns undefined for unknown or unimplemented schemes', () => {
    expect(signatureSchemeByCode(nobleProvider, 0x0808)).toBeUndefined(); // ed448
    expect(signatureSchemeByName(nobleProvider, 'ed448')).toBeUndefined();
    expect(signatureSchemeByName(nobleProvider, 'DSA+SHA256')).toBeUndefined();
    expect(signatureSchemeByName(nobleProvider, 'nonsense')).toBeUndefined();
  });
});
