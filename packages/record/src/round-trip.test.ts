import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysFor, pattern, readAll, suites } from '../test/helpers.js';
import { RecordReader } from './reader.js';
import { RecordWriter } from './writer.js';

function handshakeMessage(type: number, bodyLength: number, seed: number): Uint8Array {
  const out = new Uint8Array(4 + bodyLength);
  out[0] = type;
  out[1] = bodyLength >> 16;
  out[2] = (bodyLength >> 8) & 255;
  out[3] = bodyLength & 255;
  out.set(pattern(bodyLength, seed), 4);
  return out;
}

describe('round trips for every suite', () => {
  for (const suite of suites) {
    describe(`${suite.name} (${suite.version})`, () => {
      it('carries application data of many sizes, fragmenting at 2^14', () => {
        const writer = new RecordWriter();
        const reader = new RecordReader();
        writer.installKeys(keysFor(suite, 1));
        reader.installKeys(keysFor(suite, 1));
        for (const size of [1, 2, 255, 16383, 16384, 16385, 40000]) {
          const data = pattern(size, size);
          writer.writeApplicationData(data);
          reader.push(writer.takeOutput());
          const events = readAll(reader);
          expect(events.length).toBe(Math.ceil(size / 16384));
          const received = events.map((e) =>
            e.type === 'application_data' ? e.data : new Uint8Array(),
          );
          expect(Buffer.concat(received)).toEqual(Buffer.from(data));
        }
        expect(writer.sequence).toBe(reader.sequence);
      });

      it('coalesces handshake messages and splits large ones across records', () => {
        const writer = new RecordWriter();
        const reader = new RecordReader();
        writer.installKeys(keysFor(suite, 2));
        reader.installKeys(keysFor(suite, 2));
        const messages = [
          handshakeMessage(8, 10, 1),
          handshakeMessage(11, 30000, 2),
          handshakeMessage(15, 200, 3),
          handshakeMessage(20, 32, 4),
        ];
        writer.writeHandshake(messages);
        const before = writer.sequence;
        expect(before).toBe(2n); // 30,250 bytes in 2 records
        reader.push(writer.takeOutput());
        const got = readAll(reader).map((e) =>
          e.type === 'handshake' ? e.message.encoded : undefined,
        );
        expect(got).toEqual(messages);
      });

      it('carries alerts with the version level rules', () => {
        const writer = new RecordWriter();
        const reader = new RecordReader();
        writer.installKeys(keysFor(suite, 3));
        reader.installKeys(keysFor(suite, 3));
        writer.writeAlert(40); // handshake_failure
        reader.push(writer.takeOutput());
        const [event] = readAll(reader);
        expect(event).toMatchObject({
          type: 'alert',
          alert: { level: 2, description: 40, name: 'handshake_failure', kind: 'fatal' },
        });
        expect(reader.closed).toBe(true);
      });

      it('switches keys atomically in each direction', () => {
        const writer = new RecordWriter();
        const reader = new RecordReader();
        writer.installKeys(keysFor(suite, 4));
        reader.installKeys(keysFor(suite, 4));
        writer.writeApplicationData(pattern(10, 1));
        writer.writeHandshake(handshakeMessage(24, 1, 1)); // KeyUpdate
        writer.installKeys(keysFor(suite, 5));
        writer.writeApplicationData(pattern(10, 2));
        reader.push(writer.takeOutput());
        expect(reader.read()).toMatchObject({ type: 'application_data' });
        expect(reader.read()).toMatchObject({ type: 'handshake', message: { type: 24 } });
        // The next record is under the new keys and is not decrypted before they are installed.
        reader.installKeys(keysFor(suite, 5));
        expect(reader.sequence).toBe(0n);
        expect(reader.read()).toEqual({ type: 'application_data', data: pattern(10, 2) });
      });
    });
  }

  it('carries plaintext handshake records before keys, with a 0x0301 first record', () => {
    const writer = new RecordWriter();
    writer.recordVersion = 0x0301;
    const clientHello = handshakeMessage(1, 500, 9);
    writer.writeHandshake(clientHello);
    const out = writer.takeOutput();
    expect([...out.subarray(0, 5)]).toEqual([22, 3, 1, 0x01, 0xf8]);
    const reader = new RecordReader();
    reader.push(out);
    expect(readAll(reader)).toEqual([
      {
        type: 'handshake',
        message: { type: 1, body: clientHello.subarray(4), encoded: clientHello },
      },
    ]);
  });
});

describe('RecordReader chunking', () => {
  it('gives the same events whatever the chunking of the input (property)', () => {
    const suite = suites[0]!;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc
              .uint8Array({ minLength: 1, maxLength: 3000 })
              .map((d) => ({ kind: 'data' as const, d })),
            fc
              .uint8Array({ maxLength: 2000 })
              .map((b) => ({ kind: 'hs' as const, d: handshakeMessage(15, b.length, b.length) })),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(16384, 100, 1000),
        (writes, sizes, limit) => {
          const writer = new RecordWriter();
          writer.installKeys(keysFor(suite, 7));
          writer.setRecordSizeLimit(Math.max(64, limit));
          for (const w of writes) {
            if (w.kind === 'data') writer.writeApplicationData(w.d);
            else writer.writeHandshake(w.d);
          }
          const stream = writer.takeOutput();
          const summarize = (events: ReturnType<typeof readAll>) =>
            events.map((e) =>
              e.type === 'handshake'
                ? `hs ${Buffer.from(e.message.encoded).toString('hex')}`
                : e.type === 'application_data'
                  ? `data ${Buffer.from(e.data).toString('hex')}`
                  : e.type,
            );

          const whole = new RecordReader();
          whole.installKeys(keysFor(suite, 7));
          whole.push(stream);
          const expected = summarize(readAll(whole));

          const chunked = new RecordReader();
          chunked.installKeys(keysFor(suite, 7));
          const got: ReturnType<typeof readAll> = [];
          let at = 0;
          let i = 0;
          while (at < stream.length) {
            const n = sizes[i++ % sizes.length]!;
            chunked.push(stream.slice(at, at + n));
            at += n;
            got.push(...readAll(chunked));
          }
          expect(summarize(got)).toEqual(expected);
          // Application data arrives in order, whatever the fragmentation.
          const sent = Buffer.concat(
            writes.filter((w) => w.kind === 'data').map((w) => w.d),
          ).toString('hex');
          const received = got
            .map((e) => (e.type === 'application_data' ? Buffer.from(e.data).toString('hex') : ''))
            .join('');
          expect(received).toBe(sent);
        },
      ),
      { numRuns: 60 },
    );
  });
});
