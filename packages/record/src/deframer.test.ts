import { isTlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawRecord } from '../test/helpers.js';
import type { TlsRecord } from './content-type.js';
import { Deframer } from './deframer.js';

/** Drains a deframer, copying each record (fragments are only valid until the next call). */
function drain(deframer: Deframer, into: { type: number; version: number; fragment: number[] }[]) {
  for (let r: TlsRecord | undefined = deframer.next(); r; r = deframer.next()) {
    into.push({ type: r.type, version: r.version, fragment: [...r.fragment] });
  }
}

const arbRecord = fc
  .record({
    type: fc.integer({ min: 20, max: 23 }),
    version: fc.constantFrom(0x0301, 0x0303),
    fragment: fc.uint8Array({ maxLength: 300 }),
  })
  .map((r) => ({ ...r, bytes: rawRecord(r.type, r.version, r.fragment) }));

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  return chunks;
}

describe('Deframer', () => {
  it('gives the same records byte-at-a-time, all-at-once and in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(arbRecord, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (records, cuts) => {
          const stream = new Uint8Array(records.reduce((n, r) => n + r.bytes.length, 0));
          let at = 0;
          for (const r of records) {
            stream.set(r.bytes, at);
            at += r.bytes.length;
          }
          const expected = records.map((r) => ({
            type: r.type,
            version: r.version,
            fragment: [...r.fragment],
          }));

          const whole: typeof expected = [];
          const d1 = new Deframer();
          d1.push(stream);
          drain(d1, whole);

          const single: typeof expected = [];
          const d2 = new Deframer();
          for (let i = 0; i < stream.length; i++) {
            d2.push(stream.subarray(i, i + 1));
            drain(d2, single);
          }

          const chunked: typeof expected = [];
          const d3 = new Deframer();
          for (const chunk of split(stream, cuts)) {
            d3.push(chunk);
            drain(d3, chunked);
          }

          // Pushing several chunks before draining.
          const lazy: typeof expected = [];
          const d4 = new Deframer();
          for (const chunk of split(stream, cuts)) d4.push(chunk);
          drain(d4, lazy);

          expect(whole).toEqual(expected);
          expect(single).toEqual(expected);
          expect(chunked).toEqual(expected);
          expect(lazy).toEqual(expected);
          for (const d of [d1, d2, d3, d4]) expect(d.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not depend on the caller keeping its chunk once next() returned undefined', () => {
    const record = rawRecord(22, 0x0303, Uint8Array.of(1, 2, 3, 4, 5, 6));
    const d = new Deframer();
    const chunk = record.slice(0, 7);
    d.push(chunk);
    expect(d.next()).toBeUndefined();
    chunk.fill(0xee); // the caller reuses its buffer
    d.push(record.slice(7));
    expect([...(d.next()?.fragment ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps a partial record as hasPartialRecord until it completes', () => {
    const d = new Deframer();
    d.push(Uint8Array.of(23, 3));
    expect(d.next()).toBeUndefined();
    expect(d.hasPartialRecord).toBe(true);
    d.push(Uint8Array.of(3, 0, 0));
    expect(d.next()).toMatchObject({ type: 23, version: 0x0303 });
    expect(d.hasPartialRecord).toBe(false);
  });

  it('throws only TlsErrors on arbitrary bytes, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (bytes, cuts) => {
          const d = new Deframer({ maxFragmentLength: 16384 });
          try {
            for (const chunk of split(bytes, cuts)) {
              d.push(chunk);
              while (d.next());
            }
          } catch (error) {
            expect(isTlsError(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
