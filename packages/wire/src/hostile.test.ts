/**
 * The Reader and Writer under hostile or random use: peer bytes only ever
 * produce a `TlsError`, nested length prefixes written by the Writer are
 * always the lengths of what they cover, and a list decoder cannot be made to
 * loop forever.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reader } from './reader.js';
import { isTlsError, TlsError } from './tls-error.js';
import { type VectorSpec, vector } from './vector.js';
import { Writer } from './writer.js';

/** One step of a decoder driven by fast-check. */
type Op =
  | { op: 'u8' | 'u16' | 'u24' | 'u32' | 'u64' | 'peekU8' | 'rest' | 'expectEnd' }
  | { op: 'bytes' | 'sub'; n: number }
  | { op: 'vector' | 'vectorReader' | 'list'; prefix: 1 | 2 | 3 | 4; min: number; span: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constantFrom(
      'u8' as const,
      'u16' as const,
      'u24' as const,
      'u32' as const,
      'u64' as const,
      'peekU8' as const,
      'rest' as const,
      'expectEnd' as const,
    ),
  }),
  fc.record({ op: fc.constantFrom('bytes' as const, 'sub' as const), n: fc.nat({ max: 300 }) }),
  fc.record({
    op: fc.constantFrom('vector' as const, 'vectorReader' as const, 'list' as const),
    prefix: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
    min: fc.nat({ max: 8 }),
    span: fc.nat({ max: 0xffff }),
  }),
);

const LIMIT = [0, 0xff, 0xffff, 0xffffff, 0xffffffff] as const;

function run(r: Reader, op: Op): void {
  switch (op.op) {
    case 'u8':
      r.u8('f');
      return;
    case 'u16':
      r.u16('f');
      return;
    case 'u24':
      r.u24('f');
      return;
    case 'u32':
      r.u32('f');
      return;
    case 'u64':
      r.u64('f');
      return;
    case 'peekU8':
      r.peekU8('f');
      return;
    case 'rest':
      r.rest();
      return;
    case 'expectEnd':
      r.expectEnd('f');
      return;
    case 'bytes':
      r.bytes(op.n, 'f');
      return;
    case 'sub':
      r.sub(op.n, 'f').rest();
      return;
    default: {
      const max = Math.min(LIMIT[op.prefix], op.min + op.span);
      const spec = vector(op.prefix, op.min, max);
      if (op.op === 'vector') r.vector(spec, 'f');
      else if (op.op === 'vectorReader') r.vectorReader(spec, 'f').rest();
      else r.list(spec, 'f', (item) => item.u16('item'));
    }
  }
}

describe('Reader on peer bytes', () => {
  it('any sequence of reads over random bytes gives values or a decode_error TlsError naming the field', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(opArb, { maxLength: 12 }),
        (bytes, ops) => {
          const r = new Reader(bytes);
          for (const op of ops) {
            const before = r.offset;
            try {
              run(r, op);
            } catch (error) {
              expect(isTlsError(error)).toBe(true);
              const e = error as TlsError;
              expect(e.alert).toBe('decode_error');
              expect(e.message).toMatch(/^tls: /);
              expect(e.message).toMatch(/\bf\b|item/);
              return;
            }
            expect(r.offset).toBeGreaterThanOrEqual(before);
            expect(r.offset + r.remaining).toBe(bytes.length);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a failed read never moves the reader past its input', () => {
    const r = new Reader(new Uint8Array([0x00, 0x05, 0xaa]));
    expect(() => r.vector(vector(2, 0, 0xffff), 'ext')).toThrow(TlsError);
    // The 2-byte length was read before the body turned out short; the
    // caller abandons a reader after an error, and nothing past the input
    // was touched.
    expect(r.offset).toBeLessThanOrEqual(3);
    expect(() => r.bytes(2, 'x')).toThrow(TlsError);
  });
});

describe('Reader.list', () => {
  it('fails instead of looping when an item decoder consumes nothing', () => {
    let calls = 0;
    const error = (() => {
      try {
        new Reader(new Uint8Array([0x01, 0x00])).list(vector(1, 0, 0xff), 'things', () => {
          // Without the guard this would run forever; stop the test instead.
          if (++calls > 1000) throw new Error('list made no progress and kept looping');
          return 0;
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isTlsError(error)).toBe(true);
    expect(error).toMatchObject({ alert: 'internal_error', code: 'WIRE_LIST_NO_PROGRESS' });
    expect(calls).toBe(1);
  });
});

describe('vector()', () => {
  it('refuses a prefix size other than 1..4 (a caller mistake)', () => {
    expect(() => vector(5 as 1, 0, 10)).toThrow(RangeError);
    expect(() => vector(0 as 1, 0, 0)).toThrow(RangeError);
  });
});

/** A tree of nested length-prefixed blocks with leaves of raw bytes. */
type Node = { leaf: Uint8Array } | { prefix: 1 | 2 | 3; children: Node[] };

const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf: fc.uint8Array({ maxLength: 40 }) }),
    fc.record({
      prefix: fc.constantFrom(1 as const, 2 as const, 3 as const),
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
  ),
})).node;

const ANY: Record<1 | 2 | 3, VectorSpec> = {
  1: vector(1, 0, 0xff),
  2: vector(2, 0, 0xffff),
  3: vector(3, 0, 0xffffff),
};

function write(w: Writer, node: Node): void {
  if ('leaf' in node) {
    w.bytes(node.leaf);
    return;
  }
  w.prefixed(ANY[node.prefix], (w) => {
    for (const child of node.children) write(w, child);
  });
}

/** Reads back what `write` wrote, guided by the expected shape. */
function read(r: Reader, node: Node): Node {
  if ('leaf' in node) return { leaf: Uint8Array.from(r.bytes(node.leaf.length, 'leaf')) };
  const inner = r.vectorReader(ANY[node.prefix], 'block');
  const children = node.children.map((c) => read(inner, c));
  inner.expectEnd('block');
  return { prefix: node.prefix, children };
}

describe('Writer length prefixes', () => {
  it('every nested prefix equals the length of exactly what it covers', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 4 }), fc.nat({ max: 64 }), (nodes, capacity) => {
        const w = new Writer(capacity);
        for (const n of nodes) write(w, n);
        const bytes = w.finish();
        const r = new Reader(bytes);
        const back = nodes.map((n) => read(r, n));
        r.expectEnd('tree');
        expect(back).toEqual(nodes);
      }),
      { numRuns: 500 },
    );
  });

  it('a block longer than its bound is refused, never written with a truncated length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 256, max: 2000 }), (length) => {
        const w = new Writer();
        expect(() => w.u8Prefixed((w) => w.bytes(new Uint8Array(length)))).toThrowError(
          expect.objectContaining({ alert: 'internal_error', code: 'WIRE_ENCODE_BOUNDS' }),
        );
      }),
      { numRuns: 20 },
    );
  });
});
