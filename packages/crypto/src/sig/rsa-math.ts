/**
 * The BigInt arithmetic behind RSA: octet-string conversions (RFC 8017 §4),
 * modular exponentiation and inversion.
 *
 * About timing: JavaScript BigInt operations are not constant-time (their
 * cost follows operand lengths, and V8 gives no guarantees), so nothing here
 * can be. The exponentiation is written so that the *sequence* of operations
 * does not depend on the exponent (fixed 4-bit windows: always four squarings
 * and one multiplication per window, including multiplication by 1), and the
 * private-key operation in rsa.ts randomises both the base (blinding) and
 * the exponents (d_p + k·(p−1)) on every call, so what leaks from one call
 * does not accumulate across calls. See the README section on RSA.
 */

/** OS2IP: big-endian bytes to a non-negative integer. */
export function os2ip(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = 0; i < bytes.length; i++)
    hex += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

/** I2OSP: an integer to exactly `length` big-endian bytes; undefined when it does not fit. */
export function i2osp(x: bigint, length: number): Uint8Array | undefined {
  if (x < 0n) return undefined;
  const hex = x.toString(16);
  if (hex.length > 2 * length) return undefined;
  const out = new Uint8Array(length);
  const padded = hex.padStart(2 * length, '0');
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Number of bits of a positive integer. */
export function bitLength(x: bigint): number {
  return x <= 0n ? 0 : x.toString(2).length;
}

/** `base^exp mod m` with fixed 4-bit windows (exp ≥ 0, m > 1). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  base %= m;
  if (base < 0n) base += m;
  const table: bigint[] = [1n, base];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * base) % m);
  const windows = Math.ceil(bitLength(exp) / 4);
  let result = 1n;
  for (let w = windows - 1; w >= 0; w--) {
    result = (result * result) % m;
    result = (result * result) % m;
    result = (result * result) % m;
    result = (result * result) % m;
    const digit = Number((exp >> BigInt(4 * w)) & 15n);
    result = (result * table[digit]!) % m;
  }
  return result;
}

/** `a^-1 mod m`, or undefined when gcd(a, m) ≠ 1. Extended Euclid. */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return undefined;
  return ((oldS % m) + m) % m;
}

/**
 * `base^exp mod m` for a public exponent (verification, r^e, the fault
 * check): plain left-to-right square-and-multiply, 17 multiplications for
 * e = 65537 where the windowed version would spend 40. Never use it with a
 * secret exponent.
 */
export function modPowPublic(base: bigint, exp: bigint, m: bigint): bigint {
  base %= m;
  if (base < 0n) base += m;
  let result = 1n;
  for (let i = bitLength(exp) - 1; i >= 0; i--) {
    result = (result * result) % m;
    if ((exp >> BigInt(i)) & 1n) result = (result * base) % m;
  }
  return result;
}
