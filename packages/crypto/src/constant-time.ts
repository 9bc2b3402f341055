/**
 * Equality of two byte strings in time that does not depend on their contents
 * or on where they first differ. Lengths are public: unequal lengths return
 * false at once. Use it for MACs, Finished values and anything secret.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
