import { describe, expect, it } from 'vitest';
import { newEcKey, newEd25519Key, systemRandomForTests as random } from '../../test/keys.js';
import type { SignatureAlgorithm } from '../types.js';
import { nobleSign, nobleSignatureSchemes, nobleVerify } from './schemes.js';

describe('nobleSignatureSchemes', () => {
  it('lists the schemes with their code points, OpenSSL names and TLS 1.3 flags', () => {
    expect(
      nobleSignatureSchemes.map((s) => [s.name, s.code, s.opensslName, s.keyKind, s.tls13]),
    ).toEqual([
      ['ecdsa_secp256r1_sha256', 0x0403, 'ECDSA+SHA256', 'ec', true],
      ['ecdsa_secp384r1_sha384', 0x0503, 'ECDSA+SHA384', 'ec', true],
      ['ecdsa_secp521r1_sha512', 0x0603, 'ECDSA+SHA512', 'ec', true],
      ['ed25519', 0x0807, 'ed25519', 'ed25519', true],
      ['rsa_pss_rsae_sha256', 0x0804, 'rsa_pss_rsae_sha256', 'rsa', true],
      ['rsa_pss_rsae_sha384', 0x0805, 'rsa_pss_rsae_sha384', 'rsa', true],
      ['rsa_pss_rsae_sha512', 0x0806, 'rsa_pss_rsae_sha512', 'rsa', true],
      ['rsa_pss_pss_sha256', 0x0809, 'rsa_pss_pss_sha256', 'rsa', true],
      ['rsa_pss_pss_sha384', 0x080a, 'rsa_pss_pss_sha384', 'rsa', true],
      ['rsa_pss_pss_sha512', 0x080b, 'rsa_pss_pss_sha512', 'rsa', true],
      ['rsa_pkcs1_sha256', 0x0401, 'RSA+SHA256', 'rsa', false],
      ['rsa_pkcs1_sha384', 0x0501, 'RSA+SHA384', 'rsa', false],
      ['rsa_pkcs1_sha512', 0x0601, 'RSA+SHA512', 'rsa', false],
    ]);
  });

  it('binds curve and hash for ECDSA, salt = hash length for PSS, pssKeyOnly for rsa_pss_pss', () => {
    const byName = (name: string) => nobleSignatureSchemes.find((s) => s.name === name);
    expect(byName('ecdsa_secp256r1_sha256')).toMatchObject({ curve: 'P-256', hash: 'sha256' });
    expect(byName('ecdsa_secp384r1_sha384')).toMatchObject({ curve: 'P-384', hash: 'sha384' });
    expect(byName('ecdsa_secp521r1_sha512')).toMatchObject({ curve: 'P-521', hash: 'sha512' });
    expect(byName('ed25519')?.hash).toBeUndefined();
    for (const [hash, length] of [
      ['sha256', 32],
      ['sha384', 48],
      ['sha512', 64],
    ] as const) {
      expect(byName(`rsa_pss_rsae_${hash}`)?.algorithm).toEqual({
        kind: 'rsa-pss',
        hash,
        saltLength: length,
      });
      expect(byName(`rsa_pss_pss_${hash}`)).toMatchObject({ padding: 'pss', pssKeyOnly: true });
      expect(byName(`rsa_pkcs1_${hash}`)?.algorithm).toEqual({ kind: 'rsa-pkcs1', hash });
    }
  });

  it('is frozen: a scheme cannot be altered by a caller', () => {
    expect(Object.isFrozen(nobleSignatureSchemes)).toBe(true);
    for (const s of nobleSignatureSchemes) expect(Object.isFrozen(s)).toBe(true);
  });
});

describe('nobleSign / nobleVerify with unsupported algorithms', () => {
  const key = newEcKey('P-256');
  const message = new Uint8Array([1, 2, 3]);

  it('sign throws TypeError, verify is false', () => {
    const bad = [
      { kind: 'dsa', hash: 'sha256' },
      { kind: 'ecdsa', hash: 'sha1' },
      { kind: 'ecdsa', hash: 'md5' },
    ] as unknown as SignatureAlgorithm[];
    const good = nobleSign({ kind: 'ecdsa', hash: 'sha256' }, key.privateKey, message, random);
    for (const algorithm of bad) {
      expect(() => nobleSign(algorithm, key.privateKey, message, random)).toThrow(TypeError);
      expect(nobleVerify(algorithm, key.publicKey, message, good)).toBe(false);
    }
    expect(nobleVerify({ kind: 'ed25519' }, key.publicKey, message, good)).toBe(false);
    expect(nobleVerify({ kind: 'ed25519' }, newEd25519Key().publicKey, message, good)).toBe(false);
  });
});
