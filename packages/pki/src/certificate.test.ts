import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
import { cert, fixturePath } from '../test/fixtures.js';
import { KeyUsage, parseCertificates, serialToHex } from './certificate.js';
import { Oid } from './oids.js';

function openssl(...args: string[]): string | undefined {
  try {
    return execFileSync('openssl', args, { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const NAMES = [
  'leaf-rsa',
  'int-rsa',
  'root-rsa',
  'leaf-p256',
  'leaf-p384',
  'leaf-p521',
  'leaf-p256-under-p521',
  'leaf-ed25519',
  'int-pss',
  'leaf-pss',
  'leaf-cn-only',
  'names',
];

describe('X.509 parsing, checked against openssl x509', () => {
  for (const name of NAMES) {
    it(`${name}: names, serial and validity`, () => {
      const c = cert(name);
      const file = fixturePath(`${name}.pem`);
      const compat = openssl(
        'x509',
        '-in',
        file,
        '-noout',
        '-subject',
        '-issuer',
        '-nameopt',
        'compat',
      );
      if (compat !== undefined) {
        expect(compat).toBe(`subject=${c.subject.oneline}\nissuer=${c.issuer.oneline}`);
      }
      const rfc = openssl('x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253');
      if (rfc !== undefined) expect(rfc).toBe(`subject=${c.subject.rfc4514}`);
      const serial = openssl('x509', '-in', file, '-noout', '-serial');
      if (serial !== undefined) expect(serial).toBe(`serial=${c.serialHex}`);
      const end = openssl('x509', '-in', file, '-noout', '-enddate');
      if (end !== undefined) expect(new Date(end.slice('notAfter='.length))).toEqual(c.notAfter);
      const start = openssl('x509', '-in', file, '-noout', '-startdate');
      if (start !== undefined)
        expect(new Date(start.slice('notBefore='.length))).toEqual(c.notBefore);
    });
  }

  it('keeps the exact TBS bytes: the span the ASN.1 library reports and the one the issuer signed', () => {
    const leaf = cert('leaf-rsa');
    const asn = AsnConvert.parse(leaf.der, AsnCertificate);
    expect(asn.tbsCertificateRaw).toBeDefined();
    expect(leaf.tbs).toEqual(new Uint8Array(asn.tbsCertificateRaw!));
    expect(leaf.tbs.buffer).toBe(leaf.der.buffer);
    const issuerKey = cert('int-rsa').publicKey.key!;
    const alg = leaf.signatureAlgorithm.algorithm!;
    expect(nobleProvider.verify(alg, issuerKey, leaf.tbs, leaf.signature)).toBe(true);
    const changed = leaf.tbs.slice();
    changed[changed.length - 1]! ^= 1;
    expect(nobleProvider.verify(alg, issuerKey, changed, leaf.signature)).toBe(false);
  });

  it('prints serials as OpenSSL does: magnitude without sign padding, negatives with -', () => {
    expect(serialToHex(new Uint8Array([0x00, 0xa1, 0x02]))).toBe('A102');
    expect(serialToHex(new Uint8Array([0x10, 0x00]))).toBe('1000');
    expect(serialToHex(new Uint8Array([0x00]))).toBe('00');
    expect(serialToHex(new Uint8Array([0xff]))).toBe('-01');
    expect(serialToHex(new Uint8Array([0xff, 0x00]))).toBe('-0100');
  });

  it('reads the extensions of a TLS leaf', () => {
    const c = cert('leaf-rsa');
    expect(c.version).toBe(3);
    expect(c.basicConstraints).toEqual({ ca: false, pathLen: undefined, critical: true });
    expect(c.keyUsage).toBe(KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    expect(c.extKeyUsage).toEqual([Oid.serverAuth, Oid.clientAuth]);
    expect(
      c.subjectAltName?.map((n) =>
        n.type === 'ip' ? `IP:${n.text}` : n.type === 'dns' ? `DNS:${n.value}` : n.type,
      ),
    ).toEqual(['DNS:www.example.com', 'DNS:example.com', 'IP:127.0.0.1', 'IP:::1']);
    expect(c.authorityKeyIdentifier?.keyIdentifier).toEqual(cert('int-rsa').subjectKeyIdentifier);
    expect(c.unhandledCriticalExtensions).toEqual([]);
    expect(c.selfIssued).toBe(false);
    expect(c.signatureAlgorithm).toEqual({
      oid: Oid.sha256WithRSAEncryption,
      name: 'sha256WithRSAEncryption',
      algorithm: { kind: 'rsa-pkcs1', hash: 'sha256' },
    });
  });

  it('reads CA flags, path length, name constraints and unknown critical extensions', () => {
    expect(cert('int-pathlen0').basicConstraints).toEqual({ ca: true, pathLen: 0, critical: true });
    expect(cert('root-rsa').selfIssued).toBe(true);
    const nc = cert('int-nc-ip').nameConstraints!;
    expect(nc.permitted).toEqual([
      expect.objectContaining({
        type: 'ip',
        bytes: new Uint8Array([192, 168, 0, 0, 255, 255, 0, 0]),
      }),
    ]);
    expect(nc.excluded).toEqual([
      expect.objectContaining({
        type: 'ip',
        bytes: new Uint8Array([192, 168, 99, 0, 255, 255, 255, 0]),
      }),
    ]);
    expect(cert('int-nc-dns').nameConstraints?.permitted).toEqual([
      { type: 'dns', value: 'good.example' },
    ]);
    expect(cert('leaf-critical-unknown').unhandledCriticalExtensions).toEqual([
      '1.3.6.1.4.1.55555.1',
    ]);
  });

  it('reads every supported public key kind', () => {
    expect(cert('leaf-rsa').publicKey).toMatchObject({
      algorithm: Oid.rsaEncryption,
      bits: 2048,
      pssOnly: false,
      key: { kind: 'rsa', e: 65537n },
    });
    expect(cert('leaf-p256').publicKey).toMatchObject({
      bits: 256,
      key: { kind: 'ec', curve: 'P-256' },
    });
    expect(cert('leaf-p384').publicKey).toMatchObject({
      bits: 384,
      key: { kind: 'ec', curve: 'P-384' },
    });
    expect(cert('leaf-ed25519').publicKey).toMatchObject({
      algorithm: Oid.ed25519,
      key: { kind: 'ed25519' },
    });
    expect(cert('int-pss256').publicKey.pss).toEqual({
      hash: 'sha256',
      mgf1Hash: 'sha256',
      saltLength: 32,
    });
    expect(cert('int-pss').publicKey.pss).toBeUndefined();
    expect(cert('int-pss').publicKey).toMatchObject({
      algorithm: Oid.rsassaPss,
      pssOnly: true,
      bits: 2048,
    });
    // Signed by the id-RSASSA-PSS key without -sigopt: OpenSSL uses the maximum salt (256 - 32 - 2).
    expect(cert('leaf-pss').signatureAlgorithm).toEqual({
      oid: Oid.rsassaPss,
      name: 'rsassaPss',
      algorithm: { kind: 'rsa-pss', hash: 'sha256', saltLength: 222 },
    });
    // Signed by the RSA root with -sigopt rsa_pss_saltlen:digest.
    expect(cert('int-pss').signatureAlgorithm.algorithm).toEqual({
      kind: 'rsa-pss',
      hash: 'sha256',
      saltLength: 32,
    });
    expect(cert('leaf-p384').signatureAlgorithm.algorithm).toEqual({
      kind: 'ecdsa',
      hash: 'sha384',
    });
    expect(cert('leaf-ed25519').signatureAlgorithm.algorithm).toEqual({ kind: 'ed25519' });
    expect(cert('leaf-p521').publicKey).toMatchObject({
      bits: 521,
      key: { kind: 'ec', curve: 'P-521' },
    });
    for (const name of ['root-p521', 'int-p521', 'leaf-p521', 'leaf-p256-under-p521']) {
      expect(cert(name).signatureAlgorithm).toMatchObject({
        oid: Oid.ecdsaWithSha512,
        name: 'ecdsa-with-SHA512',
        algorithm: { kind: 'ecdsa', hash: 'sha512' },
      });
    }
  });

  it('parses a bundle of several certificates and skips other blocks', () => {
    const text = ['leaf-rsa.key', 'leaf-rsa.pem', 'int-rsa.pem', 'root-rsa.pem']
      .map((f) => readFileSync(fixturePath(f), 'utf8'))
      .join('\n');
    expect(parseCertificates(text).map((c) => c.subject.oneline)).toEqual([
      '/C=US/O=Strata Test/CN=www.example.com',
      '/C=US/O=Strata Test/CN=Strata Intermediate RSA',
      '/C=US/O=Strata Test/CN=Strata Root RSA',
    ]);
    expect(() => parseCertificates('no pem here')).toThrowError(
      expect.objectContaining({ code: 'PKI_PEM_NO_BLOCK' }),
    );
  });
});
