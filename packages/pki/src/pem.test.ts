import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from '../test/fixtures.js';
import { decodeBase64, decodePem, encodeBase64, encodePem } from './pem.js';

function opensslDer(file: string): Uint8Array | undefined {
  try {
    return new Uint8Array(
      execFileSync('openssl', ['x509', '-in', fixturePath(file), '-outform', 'DER']),
    );
  } catch {
    return undefined;
  }
}

describe('PEM', () => {
  it('decodes to the same DER as openssl x509 -outform DER', () => {
    const der = opensslDer('leaf-rsa.pem');
    if (der === undefined) return;
    const [block] = decodePem(fixtureText('leaf-rsa.pem'));
    expect(block?.label).toBe('CERTIFICATE');
    expect(block?.der).toEqual(der);
  });

  it('reads several blocks with labels, text between them, CRLF and odd whitespace', () => {
    const a = encodePem('CERTIFICATE', new Uint8Array([1, 2, 3]));
    const b = encodePem('PRIVATE KEY', new Uint8Array([4, 5, 6, 7]));
    const text = `Bag Attributes\r\n${a.replace(/\n/g, '\r\n')}junk\n${b.replace('BAUG', 'BA  \t UG')}`;
    const blocks = decodePem(text);
    expect(blocks.map((x) => x.label)).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
    expect(blocks[0]?.der).toEqual(new Uint8Array([1, 2, 3]));
    expect(blocks[1]?.der).toEqual(new Uint8Array([4, 5, 6, 7]));
  });

  it('accepts bytes as well as text', () => {
    const pem = encodePem('CERTIFICATE', new Uint8Array([9, 9]));
    expect(decodePem(new TextEncoder().encode(pem))[0]?.der).toEqual(new Uint8Array([9, 9]));
  });

  it('refuses corrupt base64 with a stable code', () => {
    const bad = '-----BEGIN CERTIFICATE-----\nMII*AAAA\n-----END CERTIFICATE-----\n';
    expect(() => decodePem(bad)).toThrowError(
      expect.objectContaining({ code: 'PKI_PEM_BAD_BASE64', alert: 'decode_error' }),
    );
    const badLength = '-----BEGIN CERTIFICATE-----\nAAAAA\n-----END CERTIFICATE-----\n';
    expect(() => decodePem(badLength)).toThrowError(
      expect.objectContaining({ code: 'PKI_PEM_BAD_BASE64' }),
    );
    const padInside = '-----BEGIN CERTIFICATE-----\nAA==AAAA\n-----END CERTIFICATE-----\n';
    expect(() => decodePem(padInside)).toThrowError(
      expect.objectContaining({ code: 'PKI_PEM_BAD_BASE64' }),
    );
  });

  it('refuses a BEGIN line without its END line', () => {
    expect(() =>
      decodePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n'),
    ).toThrowError(expect.objectContaining({ code: 'PKI_PEM_UNTERMINATED' }));
  });

  it('returns no block for text without PEM', () => {
    expect(decodePem('hello')).toEqual([]);
  });

  it('round-trips any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
        expect(decodePem(encodePem('X', bytes))[0]?.der).toEqual(bytes);
      }),
    );
  });

  it('base64 agrees with node:buffer (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});
