/**
 * RFC 6979 §A.2.5 (P-256) and §A.2.6 (P-384) ECDSA signatures as
 * verification vectors: (r, s) converted to DER, verified by the ECDSA
 * schemes and by the provider-level verify, also in their high-S form
 * (n − s), which TLS peers may send. Signing here is hedged with random
 * bytes (RFC 6979 §3.6), so its output is checked by verification and by
 * OpenSSL (src/sig/ecdsa.test.ts), not against these (r, s).
 */
import { p256, p384 } from '@noble/curves/nist.js';
import { fromHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ecdsaSecp256r1Sha256, ecdsaSecp384r1Sha384, nobleVerify } from '../../src/sig/schemes.js';
import type { EcCurve, HashName, PublicKey } from '../../src/types.js';
import { derSignature } from '../keys.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

const keys: Record<EcCurve, { x: string; y: string; n: bigint }> = {
  'P-256': {
    x: '60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6',
    y: '7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299',
    n: p256.Point.Fn.ORDER,
  },
  'P-384': {
    x: 'EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13',
    y: '8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720',
    n: p384.Point.Fn.ORDER,
  },
};

function publicKey(curve: EcCurve): PublicKey {
  const { x, y } = keys[curve];
  return { kind: 'ec', curve, point: fromHex(`04${x}${y}`.toLowerCase()) };
}

const vectors: {
  section: string;
  curve: EcCurve;
  hash: HashName;
  message: string;
  r: string;
  s: string;
}[] = [
  {
    section: 'A.2.5',
    curve: 'P-256',
    hash: 'sha256',
    message: 'sample',
    r: 'EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716',
    s: 'F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8',
  },
  {
    section: 'A.2.5',
    curve: 'P-256',
    hash: 'sha256',
    message: 'test',
    r: 'F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367',
    s: '019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083',
  },
  {
    section: 'A.2.6',
    curve: 'P-384',
    hash: 'sha384',
    message: 'sample',
    r: '94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46',
    s: '99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8',
  },
  {
    section: 'A.2.6',
    curve: 'P-384',
    hash: 'sha384',
    message: 'test',
    r: '8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DB',
    s: 'DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5',
  },
  // A P-384 key signing SHA-256: no TLS 1.3 scheme, but X.509 ecdsa-with-SHA256 allows it.
  {
    section: 'A.2.6',
    curve: 'P-384',
    hash: 'sha256',
    message: 'sample',
    r: '21B13D1E013C7FA1392D03C5F99AF8B30C570C6F98D4EA8E354B63A21D3DAA33BDE1E888E63355D92FA2B3C36D8FB2CD',
    s: 'F3AA443FB107745BF4BD77CB3891674632068A10CA67E3D45DB2266FA7D1FEEBEFDC63ECCD1AC42EC0CB8668A4FA0AB0',
  },
];

describe('RFC 6979 ECDSA vectors as DER verification vectors', () => {
  it.each(vectors)('§$section $curve with $hash, "$message": low and high S verify', (v) => {
    const key = publicKey(v.curve);
    const r = BigInt(`0x${v.r}`);
    const s = BigInt(`0x${v.s}`);
    const message = utf8(v.message);
    const algorithm = { kind: 'ecdsa', hash: v.hash } as const;
    const high = s > keys[v.curve].n / 2n ? s : keys[v.curve].n - s;
    const low = keys[v.curve].n - high;
    for (const sig of [derSignature(r, low), derSignature(r, high)]) {
      expect(nobleVerify(algorithm, key, message, sig)).toBe(true);
    }
    expect(nobleVerify(algorithm, key, utf8(`${v.message}!`), derSignature(r, s))).toBe(false);
    expect(nobleVerify(algorithm, key, message, derSignature(r + 1n, s))).toBe(false);
  });

  it('the TLS 1.3 schemes verify their own curve only', () => {
    const sig256 = derSignature(BigInt(`0x${vectors[0]!.r}`), BigInt(`0x${vectors[0]!.s}`));
    const sig384 = derSignature(BigInt(`0x${vectors[2]!.r}`), BigInt(`0x${vectors[2]!.s}`));
    expect(ecdsaSecp256r1Sha256.verify(publicKey('P-256'), utf8('sample'), sig256)).toBe(true);
    expect(ecdsaSecp384r1Sha384.verify(publicKey('P-384'), utf8('sample'), sig384)).toBe(true);
    // ecdsa_secp384r1_sha384 with a P-256 key: false even though the hash could be applied.
    expect(ecdsaSecp384r1Sha384.verify(publicKey('P-256'), utf8('sample'), sig256)).toBe(false);
    // The P-384 key signing SHA-256 verifies at the algorithm level but under no TLS 1.3 scheme.
    const v = vectors[4]!;
    const sig = derSignature(BigInt(`0x${v.r}`), BigInt(`0x${v.s}`));
    expect(
      nobleVerify({ kind: 'ecdsa', hash: 'sha256' }, publicKey('P-384'), utf8('sample'), sig),
    ).toBe(true);
    expect(ecdsaSecp256r1Sha256.verify(publicKey('P-384'), utf8('sample'), sig)).toBe(false);
    expect(ecdsaSecp384r1Sha384.verify(publicKey('P-384'), utf8('sample'), sig)).toBe(false);
  });
});
