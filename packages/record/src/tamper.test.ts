import { isTlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysFor, pattern, suites } from '../test/helpers.js';
import { RecordReader } from './reader.js';
import { RecordWriter } from './writer.js';

function protect(suite: (typeof suites)[number], data: Uint8Array): Uint8Array {
  const w = new RecordWriter();
  w.installKeys(keysFor(suite, 11));
  w.writeApplicationData(data);
  return w.takeOutput();
}

/** Opens `bytes` with a fresh reader; the TlsError alert, 'incomplete', or 'ok'. */
function outcome(suite: (typeof suites)[number], bytes: Uint8Array): string {
  const r = new RecordReader();
  r.installKeys(keysFor(suite, 11));
  r.push(bytes);
  try {
    const ev = r.read();
    return ev ? 'ok' : 'incomplete';
  } catch (error) {
    if (isTlsError(error)) return error.alert;
    throw error;
  }
}

describe('tampering', () => {
  for (const suite of suites) {
    it(`${suite.name}: flipping any bit after the header gives bad_record_mac`, () => {
      const record = protect(suite, pattern(24, 2));
      expect(outcome(suite, record)).toBe('ok');
      for (let i = 5; i < record.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const t = record.slice();
          t[i]! ^= 1 << bit;
          expect(outcome(suite, t), `byte ${i} bit ${bit}`).toBe('bad_record_mac');
        }
      }
    });

    it(`${suite.name}: flipping any header bit never yields a record`, () => {
      const record = protect(suite, pattern(24, 2));
      for (let i = 0; i < 5; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const t = record.slice();
          t[i]! ^= 1 << bit;
          const result = outcome(suite, t);
          expect(result, `byte ${i} bit ${bit}`).not.toBe('ok');
          // A longer length waits for more bytes; a shorter one fails authentication.
          if (i >= 3) expect(['incomplete', 'bad_record_mac', 'record_overflow']).toContain(result);
        }
      }
    });
  }

  it('random or mutated streams give a TlsError or need more bytes, never another exception', () => {
    const suite = suites[0]!;
    const valid = protect(suite, pattern(100, 3));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc
            .array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
              maxLength: 4,
            })
            .map((edits) => {
              const t = valid.slice();
              for (const e of edits) t[e.at % t.length] = e.value;
              return t;
            }),
          fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
        ),
        fc.boolean(),
        (bytes, protectedReader) => {
          const r = new RecordReader();
          if (protectedReader) r.installKeys(keysFor(suite, 11));
          r.push(bytes);
          try {
            while (r.read());
          } catch (error) {
            expect(isTlsError(error)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
