import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nobleProvider, type SignatureAlgorithm } from '@strata/crypto';
import { isTlsError } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { cert, fixturePath, fixtureText } from '../test/fixtures.js';
import { checkPrivateKey } from './index.js';
import { keyFitsScheme, parsePrivateKey, parsePublicKey, privateKeyMatches } from './keys.js';
import { decodePem, encodePem } from './pem.js';

function opensslText(...args: string[]): string | undefined {
  try {
    return execFileSync('openssl', args, { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

const message = new TextEncoder().encode('strata pki test message');

describe('private keys', () => {
  it('loads PKCS#8 and PKCS#1 RSA keys with CRT parameters equal to openssl rsa -text', () => {
    const pkcs8 = parsePrivateKey(fixtureText('leaf-rsa.key'));
    const pkcs1 = parsePrivateKey(fixtureText('leaf-rsa.pkcs1.key'));
    expect(pkcs8.format).toBe('pkcs8');
    expect(pkcs1.format).toBe('pkcs1');
    expect(pkcs1.key).toEqual(pkcs8.key);
    const modulus = opensslText('rsa', '-in', fixturePath('leaf-rsa.key'), '-noout', '-modulus');
    if (modulus !== undefined && pkcs8.key.kind === 'rsa') {
      expect(pkcs8.key.n).toBe(BigInt(`0x${modulus.trim().slice('Modulus='.length)}`));
      const k = pkcs8.key;
      expect(k.p * k.q).toBe(k.n);
      expect(k.dp).toBe(k.d % (k.p - 1n));
      expect(k.dq).toBe(k.d % (k.q - 1n));
      expect((k.qi * k.q) % k.p).toBe(1n);
    }
  });

  it('loads PKCS#8 and SEC1 EC keys (P-256, P-384, P-521) with their public points', () => {
    const names: Record<string, string> = { p256: 'P-256', p384: 'P-384', p521: 'P-521' };
    for (const curve of ['p256', 'p384', 'p521']) {
      const pkcs8 = parsePrivateKey(fixtureText(`leaf-${curve}.key`));
      const sec1 = parsePrivateKey(fixtureText(`leaf-${curve}.sec1.key`));
      expect(sec1.format).toBe('sec1');
      expect(sec1.key).toEqual(pkcs8.key);
      expect(pkcs8.key).toMatchObject({ kind: 'ec', curve: names[curve] });
      expect(pkcs8.publicKey).toEqual(cert(`leaf-${curve}`).publicKey.key);
    }
  });

  it('loads Ed25519 and RSA-PSS PKCS#8 keys', () => {
    const ed = parsePrivateKey(fixtureText('leaf-ed25519.key'));
    expect(ed.key.kind).toBe('ed25519');
    if (ed.key.kind === 'ed25519') expect(ed.key.seed.length).toBe(32);
    const pss = parsePrivateKey(fixtureText('int-pss.key'));
    expect(pss).toMatchObject({ format: 'pkcs8', pssOnly: true, key: { kind: 'rsa' } });
  });

  it('loads DER keys by trying PKCS#8, PKCS#1 and SEC1', () => {
    for (const file of [
      'leaf-rsa.key',
      'leaf-rsa.pkcs1.key',
      'leaf-p256.sec1.key',
      'leaf-p521.key',
      'leaf-p521.sec1.key',
      'leaf-ed25519.key',
    ]) {
      const der = decodePem(fixtureText(file))[0]!.der;
      expect(parsePrivateKey(der).key).toEqual(parsePrivateKey(fixtureText(file)).key);
    }
  });

  it('signs with loaded keys so that the certificate key verifies (end to end through @strata/crypto)', () => {
    const cases: [string, SignatureAlgorithm][] = [
      ['leaf-rsa', { kind: 'rsa-pss', hash: 'sha256', saltLength: 32 }],
      ['leaf-rsa', { kind: 'rsa-pkcs1', hash: 'sha256' }],
      ['leaf-p256', { kind: 'ecdsa', hash: 'sha256' }],
      ['leaf-p384', { kind: 'ecdsa', hash: 'sha384' }],
      ['leaf-p521', { kind: 'ecdsa', hash: 'sha512' }],
      ['leaf-ed25519', { kind: 'ed25519' }],
    ];
    for (const [name, alg] of cases) {
      const { key } = parsePrivateKey(fixtureText(`${name}.key`));
      const sig = nobleProvider.sign(alg, key, message, nobleProvider.random);
      expect(nobleProvider.verify(alg, cert(name).publicKey.key!, message, sig)).toBe(true);
    }
  });

  it('refuses encrypted keys and files without a key', () => {
    const encrypted = encodePem('ENCRYPTED PRIVATE KEY', new Uint8Array([0x30, 0x00]));
    expect(() => parsePrivateKey(encrypted)).toThrowError(
      expect.objectContaining({ code: 'PKI_KEY_ENCRYPTED' }),
    );
    expect(() => parsePrivateKey(fixtureText('leaf-rsa.pem'))).toThrowError(
      expect.objectContaining({ code: 'PKI_PEM_NO_BLOCK' }),
    );
    try {
      parsePrivateKey(encodePem('PRIVATE KEY', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])));
      throw new Error('parsed');
    } catch (error) {
      expect(isTlsError(error)).toBe(true);
    }
  });
});

describe('public keys', () => {
  it('loads SPKI PEM equal to the certificate keys', () => {
    for (const name of [
      'leaf-rsa',
      'leaf-p256',
      'leaf-p384',
      'leaf-p521',
      'leaf-ed25519',
      'int-pss',
    ]) {
      const info = parsePublicKey(fixtureText(`${name}.pub`));
      expect(info.key).toEqual(cert(name).publicKey.key);
      expect(info.der).toEqual(cert(name).publicKey.der);
      expect(info.pssOnly).toBe(name === 'int-pss');
    }
  });
});

describe('key ↔ certificate match (SSL_CTX_check_private_key)', () => {
  const names = ['leaf-rsa', 'leaf-p256', 'leaf-p384', 'leaf-p521', 'leaf-ed25519', 'int-pss'];
  it('accepts each key with its own certificate', () => {
    for (const name of names) {
      expect(checkPrivateKey(cert(name), parsePrivateKey(fixtureText(`${name}.key`)))).toBe(true);
    }
    expect(
      checkPrivateKey(cert('leaf-p256'), parsePrivateKey(fixtureText('leaf-p256.sec1.key'))),
    ).toBe(true);
    expect(
      checkPrivateKey(cert('leaf-p521'), parsePrivateKey(fixtureText('leaf-p521.sec1.key'))),
    ).toBe(true);
  });

  it('refuses every other pairing, including same-kind keys', () => {
    const extra = ['int-p256', 'root-ed25519', 'int-rsa', 'int-p384', 'int-p521', 'root-p521'];
    for (const keyName of [...names, ...extra]) {
      const key = parsePrivateKey(fixtureText(`${keyName}.key`));
      for (const certName of [...names, ...extra]) {
        if (certName === keyName) continue;
        expect(checkPrivateKey(cert(certName), key), `${keyName} vs ${certName}`).toBe(false);
      }
    }
  });

  it('matches Ed25519 and EC keys without a stored public point by signing a probe', () => {
    const ed = parsePrivateKey(fixtureText('leaf-ed25519.key'));
    expect(ed.publicKey).toBeUndefined();
    const ec = parsePrivateKey(fixtureText('leaf-p256.key'));
    expect(privateKeyMatches(ec.key, cert('leaf-p256').publicKey.key!)).toBe(true);
    expect(privateKeyMatches(ec.key, cert('int-p256').publicKey.key!)).toBe(false);
  });
});

describe('keyFitsScheme (RFC 8446 §4.2.3)', () => {
  const byName = (name: string) => {
    const s = nobleProvider.signatureSchemes.find((x) => x.name === name);
    if (s === undefined) throw new Error(`no scheme ${name}`);
    return s;
  };
  it('binds PSS schemes to the key type, ECDSA curves in TLS 1.3 only', () => {
    const rsa = cert('leaf-rsa').publicKey;
    const pss = cert('int-pss').publicKey;
    const p256 = cert('leaf-p256').publicKey;
    const ed = cert('leaf-ed25519').publicKey;
    expect(keyFitsScheme(rsa, byName('rsa_pss_rsae_sha256'), 'TLS1.3')).toBe(true);
    expect(keyFitsScheme(rsa, byName('rsa_pss_pss_sha256'), 'TLS1.3')).toBe(false);
    expect(keyFitsScheme(pss, byName('rsa_pss_pss_sha256'), 'TLS1.3')).toBe(true);
    expect(keyFitsScheme(pss, byName('rsa_pss_rsae_sha256'), 'TLS1.3')).toBe(false);
    const pss256 = cert('int-pss256').publicKey;
    expect(keyFitsScheme(pss256, byName('rsa_pss_pss_sha256'), 'TLS1.3')).toBe(true);
    // The key's parameters restrict it to SHA-256.
    expect(keyFitsScheme(pss256, byName('rsa_pss_pss_sha384'), 'TLS1.3')).toBe(false);
    expect(keyFitsScheme(pss, byName('rsa_pss_pss_sha384'), 'TLS1.3')).toBe(true);
    expect(keyFitsScheme(pss, byName('rsa_pkcs1_sha256'), 'TLS1.2')).toBe(false);
    expect(keyFitsScheme(p256, byName('ecdsa_secp256r1_sha256'), 'TLS1.3')).toBe(true);
    expect(keyFitsScheme(p256, byName('ecdsa_secp384r1_sha384'), 'TLS1.3')).toBe(false);
    expect(keyFitsScheme(p256, byName('ecdsa_secp384r1_sha384'), 'TLS1.2')).toBe(true);
    const p521 = cert('leaf-p521').publicKey;
    expect(keyFitsScheme(p521, byName('ecdsa_secp521r1_sha512'), 'TLS1.3')).toBe(true);
    expect(keyFitsScheme(p521, byName('ecdsa_secp384r1_sha384'), 'TLS1.3')).toBe(false);
    expect(keyFitsScheme(p256, byName('ecdsa_secp521r1_sha512'), 'TLS1.3')).toBe(false);
    expect(keyFitsScheme(p521, byName('ecdsa_secp256r1_sha256'), 'TLS1.2')).toBe(true);
    expect(keyFitsScheme(ed, byName('ed25519'), 'TLS1.3')).toBe(true);
    expect(keyFitsScheme(ed, byName('ecdsa_secp256r1_sha256'), 'TLS1.3')).toBe(false);
  });
});

describe('P-521 keys against the openssl CLI', () => {
  it('the SEC1 key has the private scalar and public point `openssl ec -text` prints', () => {
    const text = opensslText('ec', '-in', fixturePath('leaf-p521.sec1.key'), '-noout', '-text');
    if (text === undefined) return;
    const hexOf = (label: string) =>
      text
        .split(`${label}:`)[1]!
        .split(/\n[A-Za-z]/)[0]!
        .replace(/[\s:]/g, '');
    const loaded = parsePrivateKey(fixtureText('leaf-p521.sec1.key'));
    expect(loaded.key.kind).toBe('ec');
    if (loaded.key.kind !== 'ec' || loaded.publicKey?.kind !== 'ec') throw new Error('not EC');
    expect(loaded.key.d.length).toBe(66);
    expect(BigInt(`0x${Buffer.from(loaded.key.d).toString('hex')}`)).toBe(
      BigInt(`0x${hexOf('priv')}`),
    );
    expect(Buffer.from(loaded.publicKey.point).toString('hex')).toBe(hexOf('pub'));
    expect(text).toContain('ASN1 OID: secp521r1');
  });

  it('openssl verifies an ecdsa-with-SHA512 signature made with the loaded PKCS#8 key', () => {
    const { key } = parsePrivateKey(fixtureText('leaf-p521.key'));
    const sig = nobleProvider.sign(
      { kind: 'ecdsa', hash: 'sha512' },
      key,
      message,
      nobleProvider.random,
    );
    const dir = mkdtempSync(join(tmpdir(), 'strata-pki-p521-'));
    try {
      writeFileSync(join(dir, 'msg'), message);
      writeFileSync(join(dir, 'sig'), sig);
      const out = opensslText(
        'dgst',
        '-sha512',
        '-verify',
        fixturePath('leaf-p521.pub'),
        '-signature',
        join(dir, 'sig'),
        join(dir, 'msg'),
      );
      if (out !== undefined || opensslText('version') !== undefined)
        expect(out?.trim()).toBe('Verified OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports 521 bits for a P-521 key, as EVP_PKEY_get_bits', () => {
    expect(cert('leaf-p521').publicKey).toMatchObject({
      bits: 521,
      key: { kind: 'ec', curve: 'P-521' },
    });
    expect(parsePublicKey(fixtureText('leaf-p521.pub')).bits).toBe(521);
  });
});
