import type { AeadName } from '@strata/crypto';

/** What a direction should do before its next record (Go's halfConn, rustls' PreEncryptAction). */
export type SequenceAction = 'none' | 'update-keys' | 'refuse';

/** The largest sequence number a record may carry: 2^64 - 1. Nothing ever wraps. */
export const MAX_SEQUENCE_NUMBER = 0xffff_ffff_ffff_ffffn;

/**
 * The sequence number at which a direction asks for new keys (TLS 1.3) or to
 * close (TLS 1.2) whatever its AEAD: 2^64 - 2^16, leaving room for the
 * KeyUpdate or close_notify that must still go out (rustls' SEQ_SOFT_LIMIT).
 */
export const SEQUENCE_SOFT_LIMIT = 0xffff_ffff_ffff_0000n;

/**
 * Records one key may protect, RFC 8446 §5.5: "For AES-GCM, up to 2^24.5
 * full-size records (about 24 million) may be encrypted on a given connection
 * while keeping a safety margin of approximately 2^-57 for Authenticated
 * Encryption (AE) security. For ChaCha20/Poly1305, the record sequence number
 * would wrap before the safety limit is reached." We use 2^24.5 rounded down
 * for both AES-GCM key sizes (the bound comes from the 128-bit block, not the
 * key), and the sequence soft limit for ChaCha20-Poly1305. A TLS endpoint
 * fails on its first forgery, so the AEAD integrity limits (2^36 forged
 * records) cannot be reached and are not tracked.
 */
export const AEAD_CONFIDENTIALITY_LIMITS: Readonly<Record<AeadName, bigint>> =
  /* @__PURE__ */ Object.freeze({
    AES_128_GCM: 23_726_566n,
    AES_256_GCM: 23_726_566n,
    CHACHA20_POLY1305: SEQUENCE_SOFT_LIMIT,
  });

/**
 * A 64-bit record sequence number held as two 32-bit halves, so that the hot
 * path writes nonces and AADs without BigInt arithmetic. Once the value
 * 2^64 - 1 has been used the counter is exhausted and every further use is
 * refused by its owner.
 */
export class SequenceNumber {
  hi = 0;
  lo = 0;
  /** True once 2^64 - 1 has been consumed. */
  exhausted = false;

  get value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  set(value: bigint): void {
    if (value < 0n || value > MAX_SEQUENCE_NUMBER) {
      throw new RangeError(`sequence number ${value} outside [0, 2^64 - 1]`);
    }
    this.hi = Number(value >> 32n);
    this.lo = Number(value & 0xffff_ffffn);
    this.exhausted = false;
  }

  reset(): void {
    this.hi = 0;
    this.lo = 0;
    this.exhausted = false;
  }

  increment(): void {
    if (this.lo !== 0xffff_ffff) {
      this.lo++;
    } else if (this.hi !== 0xffff_ffff) {
      this.lo = 0;
      this.hi++;
    } else {
      this.exhausted = true;
    }
  }

  /** True when this value is at least `limit` (exhausted counts as past every limit). */
  atLeast(limitHi: number, limitLo: number): boolean {
    if (this.exhausted) return true;
    return this.hi > limitHi || (this.hi === limitHi && this.lo >= limitLo);
  }

  /** Writes the 8-byte big-endian value at `offset`. */
  writeTo(out: Uint8Array, offset: number): void {
    const { hi, lo } = this;
    out[offset] = hi >>> 24;
    out[offset + 1] = hi >>> 16;
    out[offset + 2] = hi >>> 8;
    out[offset + 3] = hi;
    out[offset + 4] = lo >>> 24;
    out[offset + 5] = lo >>> 16;
    out[offset + 6] = lo >>> 8;
    out[offset + 7] = lo;
  }
}

/** A bigint limit as the (hi, lo) pair `SequenceNumber.atLeast` takes. */
export function splitLimit(limit: bigint): [number, number] {
  return [Number(limit >> 32n), Number(limit & 0xffff_ffffn)];
}
