import type { BenchCase } from './harness-types.js';

/** Key exchange and signature cases; filled in with the asymmetric primitives. */
export function asymmetricCases(): BenchCase[] {
  return [];
}
