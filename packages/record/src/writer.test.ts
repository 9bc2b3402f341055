import { describe, expect, it } from 'vitest';
import {
  keysFor,
  pattern,
  readAll,
  tls12Suites,
  tls13Suites,
  tlsErrorOf,
} from '../test/helpers.js';
import { Deframer } from './deframer.js';
import { RecordReader } from './reader.js';
import {
  AEAD_CONFIDENTIALITY_LIMITS,
  MAX_SEQUENCE_NUMBER,
  SEQUENCE_SOFT_LIMIT,
} from './sequence.js';
import { RecordWriter } from './writer.js';

const aes13 = tls13Suites.find((s) => s.aead.name === 'AES_128_GCM')!;
const chacha13 = tls13Suites.find((s) => s.aead.name === 'CHACHA20_POLY1305')!;
const aes12 = tls12Suites.find((s) => s.aead.name === 'AES_128_GCM')!;

function records(bytes: Uint8Array) {
  const d = new Deframer();
  d.push(bytes);
  const out: { type: number; version: number; length: number }[] = [];
  for (let r = d.next(); r; r = d.next())
    out.push({ type: r.type, version: r.version, length: r.fragment.length });
  return out;
}

/** Inner plaintext lengths, by opening with the reader's keys and looking at the AEAD output. */
function innerLengths(suite: typeof aes13, bytes: Uint8Array): number[] {
  const keys = keysFor(suite, 1);
  return records(bytes).map((r) => r.length - keys.aead.tagLength);
}

describe('RecordWriter: fragmentation and limits', () => {
  it('writes plaintext records of at most 2^14 bytes', () => {
    const w = new RecordWriter();
    w.writeHandshake(new Uint8Array(40000));
    expect(records(w.takeOutput()).map((r) => r.length)).toEqual([16384, 16384, 7232]);
  });

  it('honours the peer record_size_limit, counting the TLS 1.3 content type', () => {
    const w = new RecordWriter();
    w.installKeys(keysFor(aes13, 1));
    w.setRecordSizeLimit(100);
    expect(w.maxFragmentLength).toBe(99);
    w.writeApplicationData(pattern(250));
    expect(innerLengths(aes13, w.takeOutput())).toEqual([100, 100, 53]);

    const w12 = new RecordWriter();
    w12.installKeys(keysFor(aes12, 1));
    w12.setRecordSizeLimit(100);
    w12.writeApplicationData(pattern(250));
    expect(records(w12.takeOutput()).map((r) => r.length - 8 - 16)).toEqual([100, 100, 50]);
  });

  it('does not apply record_size_limit to unprotected records, and clamps large values', () => {
    const w = new RecordWriter();
    w.setRecordSizeLimit(64);
    w.writeHandshake(new Uint8Array(1000));
    expect(records(w.takeOutput()).map((r) => r.length)).toEqual([1000]);
    w.installKeys(keysFor(aes13, 1));
    w.setRecordSizeLimit(0xffff);
    expect(w.maxFragmentLength).toBe(16384);
    expect(tlsErrorOf(() => w.setRecordSizeLimit(63))).toMatchObject({
      alert: 'illegal_parameter',
    });
  });

  it('pads to a block size, never beyond the limit, and the reader strips it', () => {
    const w = new RecordWriter({ padding: { kind: 'block', blockSize: 64 } });
    w.installKeys(keysFor(aes13, 1));
    const r = new RecordReader();
    r.installKeys(keysFor(aes13, 1));
    for (const size of [0, 1, 62, 63, 64, 16384]) {
      if (size === 0) continue;
      w.writeApplicationData(pattern(size));
      const out = w.takeOutput();
      const [inner] = innerLengths(aes13, out);
      expect(inner! % 64 === 0 || inner === 16385).toBe(true);
      expect(inner).toBeGreaterThanOrEqual(size + 1);
      r.push(out);
      expect(readAll(r)).toEqual([{ type: 'application_data', data: pattern(size) }]);
    }
  });

  it('asks a padding callback, with the room left', () => {
    const calls: [number, number, number][] = [];
    const w = new RecordWriter({
      padding: (type, length, max) => {
        calls.push([type, length, max]);
        return Math.min(10, max);
      },
    });
    w.installKeys(keysFor(chacha13, 1));
    w.setRecordSizeLimit(64);
    w.writeApplicationData(pattern(70));
    // A full record has no room for padding: the callback is only asked when there is some.
    expect(calls).toEqual([[23, 7, 56]]);
    expect(innerLengths(chacha13, w.takeOutput())).toEqual([64, 18]);
    const bad = new RecordWriter({ padding: () => 1e6 });
    bad.installKeys(keysFor(chacha13, 1));
    expect(() => bad.writeApplicationData(pattern(5))).toThrow(RangeError);
  });

  it('writes the dummy change_cipher_spec unprotected, even under TLS 1.3 keys', () => {
    const w = new RecordWriter();
    w.installKeys(keysFor(aes13, 1));
    w.writeChangeCipherSpec();
    expect([...w.takeOutput()]).toEqual([20, 3, 3, 0, 1, 1]);
    expect(w.sequence).toBe(0n);
  });

  it('refuses application data before keys', () => {
    expect(
      tlsErrorOf(() => new RecordWriter().writeApplicationData(Uint8Array.of(1))),
    ).toMatchObject({
      alert: 'internal_error',
    });
  });

  it('drains into a caller buffer piecewise', () => {
    const w = new RecordWriter({ outputCapacity: 16 });
    w.writeHandshake(pattern(100));
    const expected = new RecordWriter();
    expected.writeHandshake(pattern(100));
    const all = expected.takeOutput();
    const into = new Uint8Array(30);
    const got: number[] = [];
    while (w.pendingBytes > 0) got.push(...into.subarray(0, w.readOutput(into)));
    expect(got).toEqual([...all]);
  });
});

describe('RecordWriter/RecordReader: sequence numbers and limits', () => {
  it('reports update-keys at the AES-GCM confidentiality limit in TLS 1.3, refuse in TLS 1.2', () => {
    const limit = AEAD_CONFIDENTIALITY_LIMITS.AES_128_GCM;
    const w = new RecordWriter();
    w.installKeys(keysFor(aes13, 1), { sequence: limit - 1n });
    expect(w.action).toBe('none');
    w.writeApplicationData(pattern(1));
    expect(w.action).toBe('update-keys');
    w.installKeys(keysFor(aes13, 2));
    expect(w.action).toBe('none');
    expect(w.sequence).toBe(0n);

    const w12 = new RecordWriter();
    w12.installKeys(keysFor(aes12, 1), { sequence: limit });
    expect(w12.action).toBe('refuse');

    const r = new RecordReader();
    r.installKeys(keysFor(aes13, 1), { sequence: limit });
    expect(r.action).toBe('update-keys');
  });

  it('lets ChaCha20-Poly1305 run to the sequence soft limit', () => {
    const w = new RecordWriter();
    w.installKeys(keysFor(chacha13, 1), { sequence: AEAD_CONFIDENTIALITY_LIMITS.AES_128_GCM });
    expect(w.action).toBe('none');
    w.installKeys(keysFor(chacha13, 1), { sequence: SEQUENCE_SOFT_LIMIT });
    expect(w.action).toBe('update-keys');
  });

  it('never wraps: data stops at 2^64 - 2, the last number is kept for an alert', () => {
    for (const suite of [aes13, aes12]) {
      const w = new RecordWriter();
      const r = new RecordReader();
      w.installKeys(keysFor(suite, 1), { sequence: MAX_SEQUENCE_NUMBER - 1n });
      r.installKeys(keysFor(suite, 1), { sequence: MAX_SEQUENCE_NUMBER - 1n });
      w.writeApplicationData(pattern(5));
      expect(w.action).toBe('refuse');
      expect(tlsErrorOf(() => w.writeApplicationData(pattern(5)))).toMatchObject({
        alert: 'internal_error',
        code: 'RECORD_SEQUENCE_EXHAUSTED',
      });
      w.writeAlert(0);
      expect(w.sequence).toBe(MAX_SEQUENCE_NUMBER + 1n);
      expect(tlsErrorOf(() => w.writeAlert(0))).toMatchObject({
        code: 'RECORD_SEQUENCE_EXHAUSTED',
      });

      r.push(w.takeOutput());
      expect(readAll(r).map((e) => e.type)).toEqual(['application_data', 'alert']);
      expect(r.sequence).toBe(MAX_SEQUENCE_NUMBER + 1n);
      expect(r.action).toBe('refuse');
    }
  });

  it('refuses a record past 2^64 - 1 on the reading side', () => {
    const w = new RecordWriter();
    const r = new RecordReader();
    w.installKeys(keysFor(aes13, 1), { sequence: MAX_SEQUENCE_NUMBER });
    r.installKeys(keysFor(aes13, 1), { sequence: MAX_SEQUENCE_NUMBER });
    w.writeAlert(90); // user_canceled, at 2^64 - 1
    r.push(w.takeOutput());
    expect(r.read()).toMatchObject({ type: 'alert', alert: { kind: 'user_canceled' } });
    // Any further record: the sender would have had to wrap.
    const again = new RecordWriter();
    again.installKeys(keysFor(aes13, 1), { sequence: 5n });
    again.writeApplicationData(pattern(3));
    r.push(again.takeOutput());
    expect(tlsErrorOf(() => r.read())).toMatchObject({ code: 'RECORD_READ_SEQUENCE_EXHAUSTED' });
  });

  it('refuses a multi-record write that would not fit, before writing any of it', () => {
    const w = new RecordWriter();
    w.installKeys(keysFor(aes13, 1), { sequence: MAX_SEQUENCE_NUMBER - 2n });
    expect(() => w.writeApplicationData(new Uint8Array(40000))).toThrow();
    expect(w.pendingBytes).toBe(0);
    expect(w.sequence).toBe(MAX_SEQUENCE_NUMBER - 2n);
    w.writeApplicationData(new Uint8Array(32768)); // two records: 2^64 - 3 and 2^64 - 2
    expect(w.sequence).toBe(MAX_SEQUENCE_NUMBER);
  });

  it('carries across the 32-bit halves of the sequence number', () => {
    const start = (1n << 64n) - (1n << 32n) - 1n;
    const w = new RecordWriter();
    const r = new RecordReader();
    w.installKeys(keysFor(chacha13, 1), { sequence: start });
    r.installKeys(keysFor(chacha13, 1), { sequence: start });
    w.writeApplicationData(new Uint8Array(40000));
    expect(w.sequence).toBe(start + 3n);
    r.push(w.takeOutput());
    expect(readAll(r)).toHaveLength(3);
    expect(r.sequence).toBe(start + 3n);
  });
});
