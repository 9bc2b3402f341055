/**
 * RFC 6979 §A.2.5 (P-256), §A.2.6 (P-384) and §A.2.7 (P-521) ECDSA signatures as
 * verification vectors: (r, s) converted to DER, verified by the ECDSA
 * schemes and by the provider-level verify, also in their high-S form
 * (n − s), which TLS peers may send. Signing here is hedged with random
 * bytes (RFC 6979 §3.6), so its output is checked by verification and by
 * OpenSSL (src/sig/ecdsa.test.ts), not against these (r, s).
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { fromHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  ecdsaSecp256r1Sha256,
  ecdsaSecp384r1Sha384,
  ecdsaSecp521r1Sha512,
  nobleVerify,
} from '../../src/sig/schemes.js';
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
  'P-521': {
    x: '01894550D0785932E00EAA23B694F213F8C3121F86DC97A04E5A7167DB4E5BCD371123D46E45DB6B5D5370A7F20FB633155D38FFA16D2BD761DCAC474B9A2F5023A4',
    y: '00493101C962CD4D2FDDF782285E64584139C2F91B47F87FF82354D6630F746A28A0DB25741B5B34A828008B22ACC23F924FAAFBD4D33F81EA66956DFEAA2BFDFCF5',
    n: p521.Point.Fn.ORDER,
  },
};

/** RFC 6979 §A.2.7's P-521 private key (its public key above must follow from it). */
const p521PrivateKey =
  '00FAD06DAA62BA3B25D2FB40133DA757205DE67F5BB0018FEE8C86E1B68C7E75CAA896EB32F1F47C70855836A6D16FCC1466F6D8FBEC67DB89EC0C08B0E996B83538';

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
  {
    section: 'A.2.7',
    curve: 'P-521',
    hash: 'sha512',
    message: 'sample',
    r: '00C328FAFCBD79DD77850370C46325D987CB525569FB63C5D3BC53950E6D4C5F174E25A1EE9017B5D450606ADD152B534931D7D4E8455CC91F9B15BF05EC36E377FA',
    s: '00617CCE7CF5064806C467F678D3B4080D6F1CC50AF26CA209417308281B68AF282623EAA63E5B5C0723D8B8C37FF0777B1A20F8CCB1DCCC43997F1EE0E44DA4A67A',
  },
  {
    section: 'A.2.7',
    curve: 'P-521',
    hash: 'sha512',
    message: 'test',
    r: '013E99020ABF5CEE7525D16B69B229652AB6BDF2AFFCAEF38773B4B7D08725F10CDB93482FDCC54EDCEE91ECA4166B2A7C6265EF0CE2BD7051B7CEF945BABD47EE6D',
    s: '01FBD0013C674AA79CB39849527916CE301C66EA7CE8B80682786AD60F98F7E78A19CA69EFF5C57400E3B3A0AD66CE0978214D13BAF4E9AC60752F7B155E2DE4DCE3',
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

  it('ecdsa_secp521r1_sha512 verifies §A.2.7 with the P-521 key only', () => {
    // The vector's public key is the one its private key gives.
    const point = (publicKey('P-521') as { point: Uint8Array }).point;
    expect(p521.getPublicKey(fromHex(p521PrivateKey.toLowerCase()), false)).toEqual(point);
    const v = vectors.find((x) => x.curve === 'P-521' && x.message === 'sample')!;
    const sig = derSignature(BigInt(`0x${v.r}`), BigInt(`0x${v.s}`));
    // 66-byte integers: the DER SEQUENCE needs a long-form length (0x81).
    expect(sig[1]).toBe(0x81);
    expect(ecdsaSecp521r1Sha512.verify(publicKey('P-521'), utf8('sample'), sig)).toBe(true);
    expect(ecdsaSecp521r1Sha512.verify(publicKey('P-521'), utf8('test'), sig)).toBe(false);
    expect(ecdsaSecp384r1Sha384.verify(publicKey('P-521'), utf8('sample'), sig)).toBe(false);
    // The same signature under the P-384 scheme's curve label: refused.
    expect(
      ecdsaSecp521r1Sha512.verify(
        { ...publicKey('P-521'), curve: 'P-384' } as PublicKey,
        utf8('sample'),
        sig,
      ),
    ).toBe(false);
  });
});
