import { readFileSync } from 'node:fs';
// The README example, verbatim between the markers (checked below), with the
// package import pointing at the sources.
// README-EXAMPLE-START
import { describe, expect, it } from 'vitest';
import { encode, isTlsError, Reader, toHex, utf8, vector } from './index.js';

/** opaque ProtocolName<1..2^8-1>; ProtocolName protocol_name_list<2..2^16-1>; (RFC 7301) */
const PROTOCOL_NAME = vector(1, 1, 0xff);
const PROTOCOL_NAME_LIST = vector(2, 2, 0xffff);

function encodeAlpn(protocols: string[]): Uint8Array {
  return encode((w) =>
    w.prefixed(PROTOCOL_NAME_LIST, (w) => {
      for (const p of protocols) w.vector(PROTOCOL_NAME, utf8(p));
    }),
  );
}

function decodeAlpn(bytes: Uint8Array): string[] {
  const r = new Reader(bytes);
  const names = r.list(PROTOCOL_NAME_LIST, 'protocol_name_list', (r) =>
    new TextDecoder().decode(r.vector(PROTOCOL_NAME, 'ProtocolName')),
  );
  r.expectEnd('ALPN extension');
  return names;
}

const bytes = encodeAlpn(['h2', 'http/1.1']); // 000c 02 6832 08 687474702f312e31
const names = decodeAlpn(bytes); // ['h2', 'http/1.1']

let failure = '';
try {
  decodeAlpn(bytes.subarray(0, 5)); // a truncated extension from a peer
} catch (error) {
  if (isTlsError(error)) failure = `${error.alert} ${error.code}: ${error.message}`;
}
// failure === 'decode_error WIRE_TRUNCATED: tls: truncated protocol_name_list: needed 12 byte(s), 3 left'
// README-EXAMPLE-END

/** Code lines without imports, comments and blank lines, for comparing README and test. */
function body(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('import '));
}

describe('README example', () => {
  it('encodes, decodes and reports a truncation as the comments say', () => {
    expect(toHex(bytes)).toBe('000c02683208687474702f312e31');
    expect(names).toEqual(['h2', 'http/1.1']);
    expect(failure).toBe(
      'decode_error WIRE_TRUNCATED: tls: truncated protocol_name_list: needed 12 byte(s), 3 left',
    );
  });

  it('is the same code as README.md shows', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const self = readFileSync(new URL(import.meta.url), 'utf8');
    const start = self.indexOf('// README-EXAMPLE-START');
    const tested = self.slice(start, self.indexOf('// README-EXAMPLE-END', start));
    expect(body(shown)).toEqual(body(tested));
    expect(shown).toContain("from '@strata/wire'");
  });
});
