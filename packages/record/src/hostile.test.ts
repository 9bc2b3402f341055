/**
 * A structured fuzzer for RecordReader: instead of random bytes (which die at
 * the header or the tag), it builds streams of well-framed records, many of
 * them correctly encrypted under the reader's keys, whose *contents* are
 * hostile: unknown outer and inner content types, odd versions, zero and
 * oversized lengths, all-zero or padded inner plaintexts, handshake headers
 * announcing any length, alerts and change_cipher_spec bodies of any size,
 * key changes in the middle of a message. Whatever the stream and its
 * chunking, the reader must give events or a TlsError with a protocol alert
 * (never internal_error, never another exception), keep its buffers bounded
 * and respect the size limits in what it hands up.
 */
import type { CipherSuite } from '@strata/crypto';
import { isTlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysFor, rawRecord, sealTls13, suites } from '../test/helpers.js';
import { MAX_CIPHERTEXT_LENGTH_TLS12, MAX_PLAINTEXT_LENGTH } from './limits.js';
import type { RecordProtectionKeys } from './protection.js';
import { type ReadEvent, RecordReader } from './reader.js';

/** TLS 1.2 AEAD record with any type and plaintext, built from the RFC text (5288, 7905). */
function sealTls12(
  keys: RecordProtectionKeys,
  seq: bigint,
  type: number,
  plaintext: Uint8Array,
): Uint8Array {
  if (keys.version !== 'TLS1.2') throw new TypeError('TLS 1.2 keys expected');
  const seqBytes = new Uint8Array(8);
  new DataView(seqBytes.buffer).setBigUint64(0, seq);
  let nonce: Uint8Array;
  if (keys.explicitNonceLength === 8) {
    nonce = new Uint8Array(12);
    nonce.set(keys.iv, 0);
    nonce.set(seqBytes, 4);
  } else {
    nonce = keys.iv.slice();
    for (let i = 0; i < 8; i++) nonce[4 + i]! ^= seqBytes[i]!;
  }
  const aad = new Uint8Array(13);
  aad.set(seqBytes, 0);
  aad[8] = type;
  aad[9] = 3;
  aad[10] = 3;
  aad[11] = plaintext.length >> 8;
  aad[12] = plaintext.length & 255;
  const sealed = keys.aead.create(keys.key).seal(nonce, plaintext, aad);
  const fragment = new Uint8Array(keys.explicitNonceLength + sealed.length);
  if (keys.explicitNonceLength === 8) fragment.set(seqBytes, 0);
  fragment.set(sealed, keys.explicitNonceLength);
  return rawRecord(type, 0x0303, fragment);
}

/** Content that stresses the handshake joiner, the alert codec and the CCS rules. */
const contentArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  // handshake message headers announcing anything, with some body bytes
  fc
    .record({
      type: fc.integer({ min: 0, max: 255 }),
      length: fc.oneof(
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(0xffffff, 65536, 65537, 16384),
      ),
      body: fc.uint8Array({ maxLength: 60 }),
      cut: fc.nat({ max: 4 }),
    })
    .map(({ type, length, body, cut }) => {
      const header = Uint8Array.of(type, length >> 16, (length >> 8) & 255, length & 255);
      const out = new Uint8Array(4 + body.length);
      out.set(header);
      out.set(body, 4);
      return out.subarray(cut); // sometimes starts mid-header
    }),
  fc.uint8Array({ maxLength: 4 }), // alerts, CCS bodies, empty content
  fc.constant(Uint8Array.of(1)),
  fc.constant(Uint8Array.of(2, 40)),
  fc.constant(Uint8Array.of(1, 0)),
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(16383, 16384, 16385, 16640).map((n) => new Uint8Array(n).fill(0x17)),
);

const anyType = fc.oneof(
  { arbitrary: fc.constantFrom(21, 22, 23, 23, 23), weight: 6 },
  fc.constantFrom(20, 21, 22, 23),
  fc.constantFrom(0, 24, 19, 255),
  fc.integer({ min: 0, max: 255 }),
);

type Step =
  | { kind: 'raw'; type: number; version: number; content: Uint8Array }
  | { kind: 'sealed'; innerType: number; content: Uint8Array; padding: number }
  | { kind: 'garbage'; bytes: Uint8Array }
  | { kind: 'rekey' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      type: anyType,
      version: fc.oneof(
        fc.constantFrom(0x0303, 0x0301, 0x0300, 0x0304),
        fc.integer({ min: 0, max: 0xffff }),
      ),
      content: contentArb,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('sealed' as const),
      innerType: anyType,
      content: contentArb,
      padding: fc.oneof(fc.constant(0), fc.nat({ max: 40 }), fc.constant(300)),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 30 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('rekey' as const) }), weight: 1 },
);

const PROTOCOL_ALERTS = new Set([
  'unexpected_message',
  'decode_error',
  'record_overflow',
  'bad_record_mac',
  'protocol_version',
  'illegal_parameter',
]);

interface Scenario {
  suite: CipherSuite;
  keyed: boolean;
  allowCompatCcs: boolean;
  recordSizeLimit: number | undefined;
  maxMessageSize: number;
  steps: Step[];
  cuts: number[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  suite: fc.constantFrom(...suites),
  keyed: fc.boolean(),
  allowCompatCcs: fc.boolean(),
  recordSizeLimit: fc.option(fc.integer({ min: 64, max: 16385 }), { nil: undefined }),
  maxMessageSize: fc.constantFrom(100, 16384, 65536),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
  cuts: fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
});

/** Plays a scenario; returns the events, or the alert of the TlsError that ended it. */
function play(s: Scenario): { events: ReadEvent[]; alert?: string } {
  const reader = new RecordReader({ maxHandshakeMessageSize: s.maxMessageSize });
  reader.allowCompatibilityCcs = s.allowCompatCcs;
  if (s.recordSizeLimit !== undefined) reader.setRecordSizeLimit(s.recordSizeLimit);
  let epoch = 1;
  let keys = keysFor(s.suite, epoch);
  let seq = 0n;
  reader.setVersion(s.suite.version);
  if (s.keyed) reader.installKeys(keys);
  const events: ReadEvent[] = [];
  try {
    for (const step of s.steps) {
      if (step.kind === 'rekey') {
        keys = keysFor(s.suite, ++epoch);
        reader.installKeys(keys);
        s.keyed = true;
        seq = 0n;
        continue;
      }
      let bytes: Uint8Array;
      if (step.kind === 'raw')
        bytes = rawRecord(step.type, step.version, step.content.subarray(0, 0xffff));
      else if (step.kind === 'garbage') bytes = step.bytes;
      else if (!s.keyed) bytes = rawRecord(step.innerType, 0x0303, step.content);
      else if (keys.version === 'TLS1.3') {
        const inner = new Uint8Array(step.content.length + 1 + step.padding);
        inner.set(step.content);
        inner[step.content.length] = step.innerType;
        bytes = sealTls13(keys, seq++, inner.subarray(0, 0xffff - 16));
      } else {
        bytes = sealTls12(keys, seq++, step.innerType, step.content.subarray(0, 0xffff - 24));
      }
      // Push in pieces, reading after each one.
      let at = 0;
      for (const cut of [...s.cuts, bytes.length]) {
        const end = Math.min(bytes.length, at + Math.max(1, cut));
        reader.push(bytes.subarray(at, end));
        for (let ev = reader.read(); ev; ev = reader.read()) events.push(ev);
        expect(reader.bufferedBytes).toBeLessThanOrEqual(5 + MAX_CIPHERTEXT_LENGTH_TLS12);
        at = end;
        if (at >= bytes.length) break;
      }
      if (at < bytes.length) {
        reader.push(bytes.subarray(at));
        for (let ev = reader.read(); ev; ev = reader.read()) events.push(ev);
      }
    }
  } catch (error) {
    if (!isTlsError(error)) throw error;
    return { events, alert: error.alert };
  }
  return { events };
}

describe('RecordReader under hostile, well-framed input', () => {
  it('gives events or a protocol alert, never another exception, with bounded buffers and sizes', () => {
    let alerts = 0;
    let delivered = 0;
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { events, alert } = play(s);
        if (alert !== undefined) {
          alerts++;
          seen[alert] = (seen[alert] ?? 0) + 1;
          expect(PROTOCOL_ALERTS.has(alert), alert).toBe(true);
        }
        for (const ev of events) {
          delivered++;
          if (ev.type === 'application_data') {
            expect(ev.data.length).toBeGreaterThan(0);
            expect(ev.data.length).toBeLessThanOrEqual(MAX_PLAINTEXT_LENGTH);
          } else if (ev.type === 'handshake') {
            expect(ev.message.body.length).toBeLessThanOrEqual(s.maxMessageSize);
            expect(ev.message.encoded.length).toBe(ev.message.body.length + 4);
          } else if (ev.type === 'alert') {
            expect([
              'close_notify',
              'user_canceled',
              'no_renegotiation',
              'warning',
              'fatal',
            ]).toContain(ev.alert.kind);
            if (s.suite.version === 'TLS1.3') expect(ev.alert.kind).not.toBe('warning');
          }
        }
      }),
      { numRuns: 1500 },
    );
    if (process.env['HOSTILE_STATS']) console.log(seen, { delivered });
    // The generator reaches both outcomes, so the property is not vacuous.
    expect(alerts).toBeGreaterThan(100);
    expect(delivered).toBeGreaterThan(100);
  });
});
