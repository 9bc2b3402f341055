/**
 * One row of the primitives benchmark. The runner (bench/primitives.bench.ts)
 * times `strata` and, in the same run, `node` (the same operation through
 * node:crypto) and `noble` (noble called directly, to show the provider's
 * overhead), and prints ops/s or MB/s with ratios.
 */
export interface BenchCase {
  /** Table section, e.g. `AEAD 16 KiB`, `Key exchange`, `Signatures`. */
  readonly group: string;
  /** e.g. `AES-128-GCM seal`, `ECDSA P-256 verify`. */
  readonly name: string;
  /** Bytes processed per call, to print MB/s; absent for ops/s. */
  readonly bytesPerOp?: number;
  readonly strata: () => unknown;
  readonly node?: () => unknown;
  readonly noble?: () => unknown;
}
