/**
 * RecordWriter under any mix of writes, record_size_limit and TLS 1.3
 * padding policy, for every suite: every record it emits respects the limits
 * (RFC 8446 §5.1/§5.2/§5.4, RFC 5246 §6.2, RFC 8449 §4: in TLS 1.3 the limit
 * counts the content type and the padding), and a reader with the same keys
 * gets back exactly what was written, in order.
 */
import { concatBytes, toHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysFor, readAll, suites } from '../test/helpers.js';
import { RecordReader } from './reader.js';
import { type PaddingPolicy, RecordWriter } from './writer.js';

type Write =
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'handshake'; messages: Uint8Array[] }
  | { kind: 'alert'; description: number };

/** A well-formed handshake message of `length` body bytes. */
function message(type: number, length: number): Uint8Array {
  const out = new Uint8Array(4 + length).fill(type);
  out[0] = type;
  out[1] = length >> 16;
  out[2] = (length >> 8) & 255;
  out[3] = length & 255;
  return out;
}

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc
    .oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 16000, max: 40000 }))
    .map((n) => ({ kind: 'data' as const, bytes: new Uint8Array(n).map((_, i) => i * 7) })),
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(20000)), {
      minLength: 1,
      maxLength: 4,
    })
    .map((lengths) => ({
      kind: 'handshake' as const,
      messages: lengths.map((n, i) => message(i + 1, n)),
    })),
  fc.constantFrom(0, 10, 90).map((description) => ({ kind: 'alert' as const, description })),
);

const paddingArb: fc.Arbitrary<PaddingPolicy> = fc.oneof(
  fc.constant({ kind: 'none' } as const),
  fc.integer({ min: 1, max: 16385 }).map((blockSize) => ({ kind: 'block' as const, blockSize })),
  fc.constantFrom<PaddingPolicy>(
    (_type, _length, max) => max, // as much as allowed
    (_type, length, max) => Math.min(max, length % 97),
  ),
);

describe('RecordWriter limits (property, every suite)', () => {
  it.each(suites.map((s) => [s.name, s] as const))('%s', (_, suite) => {
    fc.assert(
      fc.property(
        fc.array(writeArb, { minLength: 1, maxLength: 5 }),
        fc.option(fc.integer({ min: 64, max: 0xffff }), { nil: undefined }),
        paddingArb,
        (writes, limit, padding) => {
          const writer = new RecordWriter({ padding });
          writer.installKeys(keysFor(suite, 3));
          if (limit !== undefined) writer.setRecordSizeLimit(limit);
          for (const w of writes) {
            if (w.kind === 'data') writer.writeApplicationData(w.bytes);
            else if (w.kind === 'handshake') writer.writeHandshake(w.messages);
            else writer.writeAlert(w.description);
          }
          const out = writer.takeOutput();

          // Every record within the limits, the header parsed by hand.
          const overhead = 16 + (suite.version === 'TLS1.2' ? suite.explicitNonceLength : 0);
          const maxPlain =
            suite.version === 'TLS1.3'
              ? Math.min(16385, limit ?? 16385) // TLSInnerPlaintext: content, type, padding
              : Math.min(16384, limit ?? 16384);
          for (let at = 0; at < out.length; ) {
            expect(out[1 + at]).toBe(3);
            expect(out[2 + at]).toBe(3);
            const length = (out[3 + at]! << 8) | out[4 + at]!;
            expect(length - overhead).toBeGreaterThan(0);
            expect(length - overhead).toBeLessThanOrEqual(maxPlain);
            at += 5 + length;
            expect(at).toBeLessThanOrEqual(out.length);
          }

          // What the reader gets back is what was written.
          const reader = new RecordReader({ maxHandshakeMessageSize: 1 << 20 });
          reader.setVersion(suite.version);
          reader.installKeys(keysFor(suite, 3));
          if (limit !== undefined) reader.setRecordSizeLimit(Math.min(limit, 0xffff));
          reader.push(out);
          const events = readAll(reader);
          const sent = writes.flatMap((w) =>
            w.kind === 'data'
              ? [`data ${toHex(w.bytes)}`]
              : w.kind === 'handshake'
                ? w.messages.map((m) => `hs ${toHex(m)}`)
                : [`alert ${w.description}`],
          );
          const got: string[] = [];
          let data: Uint8Array[] = [];
          const flush = () => {
            if (data.length > 0) got.push(`data ${toHex(concatBytes(...data))}`);
            data = [];
          };
          for (const ev of events) {
            if (ev.type === 'application_data') {
              data.push(ev.data);
              continue;
            }
            flush();
            if (ev.type === 'handshake') got.push(`hs ${toHex(ev.message.encoded)}`);
            else if (ev.type === 'alert') got.push(`alert ${ev.alert.description}`);
          }
          flush();
          // Consecutive data writes arrive as one stream; compare the same way.
          const merged: string[] = [];
          for (const s of sent) {
            const last = merged[merged.length - 1];
            if (s.startsWith('data ') && last?.startsWith('data ')) {
              merged[merged.length - 1] = last + s.slice(5);
            } else merged.push(s);
          }
          // Reading stops at a fatal alert or close_notify (user_canceled goes on, in
          // TLS 1.2 too, where the writer sends it as a warning).
          expect(got).toEqual(merged.slice(0, got.length));
          const stop = merged.findIndex((s) => s.startsWith('alert ') && s !== 'alert 90');
          if (stop === -1) expect(got.length).toBe(merged.length);
          else expect(got.length).toBe(stop + 1);
        },
      ),
      { numRuns: 25 },
    );
  });
});
