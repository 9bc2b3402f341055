import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tlsErrorOf } from '../test/helpers.js';
import { HandshakeJoiner } from './handshake-joiner.js';

function message(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out.set([type, body.length >> 16, (body.length >> 8) & 255, body.length & 255]);
  out.set(body, 4);
  return out;
}

function drain(j: HandshakeJoiner): number[][] {
  const out: number[][] = [];
  for (let m = j.next(); m; m = j.next()) out.push([...m.encoded]);
  return out;
}

describe('HandshakeJoiner', () => {
  it('joins messages cut into fragments anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.integer({ min: 0, max: 255 }),
            body: fc.uint8Array({ maxLength: 100 }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }),
        (messages, sizes) => {
          const encoded = messages.map((m) => message(m.type, m.body));
          const stream = Uint8Array.from(encoded.flatMap((e) => [...e]));
          const j = new HandshakeJoiner();
          const got: number[][] = [];
          let at = 0;
          let i = 0;
          while (at < stream.length) {
            const n = sizes[i++ % sizes.length]!;
            j.push(stream.slice(at, at + n));
            at += n;
            got.push(...drain(j));
          }
          expect(got).toEqual(encoded.map((e) => [...e]));
          expect(j.isEmpty).toBe(true);
          for (const [k, m] of got.entries()) expect(m[0]).toBe(messages[k]!.type);
        },
      ),
    );
  });

  it('refuses an oversized message from its header alone, before buffering (decode_error)', () => {
    const j = new HandshakeJoiner({ maxMessageSize: 1000 });
    j.push(Uint8Array.of(11, 0xff, 0xff, 0xff));
    expect(tlsErrorOf(() => j.next())).toMatchObject({
      alert: 'decode_error',
      code: 'RECORD_HANDSHAKE_MESSAGE_TOO_LARGE',
    });
    // Also when the header itself is split.
    const split = new HandshakeJoiner({ maxMessageSize: 1000 });
    split.push(Uint8Array.of(11, 0));
    expect(split.next()).toBeUndefined();
    split.push(Uint8Array.of(0x03, 0xe9));
    expect(tlsErrorOf(() => split.next())).toMatchObject({ alert: 'decode_error' });
  });

  it('applies a per-type limit and accepts a message exactly at it', () => {
    const j = new HandshakeJoiner({ maxMessageSize: (type) => (type === 11 ? 10 : 2) });
    j.push(message(11, new Uint8Array(10)));
    expect(drain(j)).toHaveLength(1);
    j.push(message(4, new Uint8Array(3)));
    expect(tlsErrorOf(() => j.next())).toMatchObject({ alert: 'decode_error' });
  });

  it('reports partial and pending messages', () => {
    const j = new HandshakeJoiner();
    j.push(Uint8Array.of(20, 0, 0, 2, 9));
    expect(j.next()).toBeUndefined();
    expect(j.hasPartialMessage).toBe(true);
    expect(j.isEmpty).toBe(false);
    j.push(Uint8Array.of(9, 1, 0, 0, 0));
    expect(j.next()?.type).toBe(20);
    expect(j.isEmpty).toBe(false); // a whole second message is still held
    expect(j.hasPartialMessage).toBe(false);
    expect(j.next()?.type).toBe(1);
    expect(j.isEmpty).toBe(true);
  });
});
