import { encode, isTlsError, Reader } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extensionValues } from '../../../test/arbitraries.js';
import type { CodecTable } from './codec.js';
import {
  CERTIFICATE_ENTRY_EXTENSIONS,
  CERTIFICATE_REQUEST_EXTENSIONS,
  CLIENT_HELLO_EXTENSIONS,
  ENCRYPTED_EXTENSIONS,
  HELLO_RETRY_REQUEST_EXTENSIONS,
  NEW_SESSION_TICKET_EXTENSIONS,
  SERVER_HELLO_EXTENSIONS,
} from './contexts.js';

const tables: Record<keyof typeof extensionValues, CodecTable> = {
  client_hello: CLIENT_HELLO_EXTENSIONS,
  server_hello: SERVER_HELLO_EXTENSIONS,
  hello_retry_request: HELLO_RETRY_REQUEST_EXTENSIONS,
  encrypted_extensions: ENCRYPTED_EXTENSIONS,
  certificate_request: CERTIFICATE_REQUEST_EXTENSIONS,
  certificate: CERTIFICATE_ENTRY_EXTENSIONS,
  new_session_ticket: NEW_SESSION_TICKET_EXTENSIONS,
};

function decodeAll(table: CodecTable, kind: string, data: Uint8Array): unknown {
  const r = new Reader(data);
  const value = table[kind]!.decode(r);
  r.expectEnd(kind);
  return value;
}

describe('extension codecs', () => {
  for (const [context, table] of Object.entries(tables) as [
    keyof typeof extensionValues,
    CodecTable,
  ][]) {
    const values = extensionValues[context] as Record<string, fc.Arbitrary<unknown>>;

    it(`has an arbitrary for every extension ${context} parses`, () => {
      expect(Object.keys(values).sort()).toEqual(Object.keys(table).sort());
    });

    for (const [kind, arbitrary] of Object.entries(values)) {
      it(`round-trips ${kind} in ${context}, and no strict prefix decodes`, () => {
        fc.assert(
          fc.property(arbitrary, (value) => {
            const data = encode((w) => table[kind]!.encode(w, value));
            expect(decodeAll(table, kind, data)).toEqual(value);
            for (let end = 0; end < data.length; end++) {
              // An opaque tail (padding, an unknown status type) may end anywhere.
              try {
                decodeAll(table, kind, data.subarray(0, end));
              } catch (error) {
                if (!isTlsError(error)) throw error;
                continue;
              }
              expect(['padding', 'status_request']).toContain(kind);
            }
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});
