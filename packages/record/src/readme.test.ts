import { readFileSync } from 'node:fs';
// The README example, verbatim between the markers (checked below), with the
// package import pointing at the sources.
// README-EXAMPLE-START
import { CipherSuiteCode, cipherSuiteByCode, nobleProvider } from '@strata/crypto';
import { fromHex, utf8 } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { RecordReader, RecordWriter, tls13Keys } from './index.js';

const suite = cipherSuiteByCode(nobleProvider, CipherSuiteCode.TLS_AES_128_GCM_SHA256)!;
const secret = fromHex('9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5');

// The client's sending side...
const writer = new RecordWriter();
writer.installKeys(tls13Keys(suite, secret));
if (writer.action === 'none') writer.writeApplicationData(utf8('GET / HTTP/1.1\r\n\r\n'));
writer.writeCloseNotify();
const wire = writer.takeOutput(); // two protected records, ready for the transport

// ...and the server's receiving side.
const reader = new RecordReader({ maxHandshakeMessageSize: 64 * 1024 });
reader.setVersion('TLS1.3');
reader.installKeys(tls13Keys(suite, secret));
reader.push(wire);
const received: string[] = [];
for (let ev = reader.read(); ev; ev = reader.read()) {
  if (ev.type === 'application_data') received.push(new TextDecoder().decode(ev.data));
  if (ev.type === 'alert') received.push(`${ev.alert.name} (${ev.alert.kind})`);
  if (ev.type === 'handshake') received.push(`handshake message ${ev.message.type}`);
}
// README-EXAMPLE-END

/** Code lines without imports, comments and blank lines, for comparing README and test. */
function body(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('import '));
}

describe('README example', () => {
  it('runs and delivers the request and the close_notify', () => {
    expect(received).toEqual(['GET / HTTP/1.1\r\n\r\n', 'close_notify (close_notify)']);
    expect(wire.length).toBe(5 + 18 + 1 + 16 + (5 + 2 + 1 + 16));
  });

  it('is the same code as README.md shows', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const self = readFileSync(new URL(import.meta.url), 'utf8');
    const start = self.indexOf('// README-EXAMPLE-START');
    const tested = self.slice(start, self.indexOf('// README-EXAMPLE-END', start));
    expect(body(shown)).toEqual(body(tested));
    expect(shown).toContain("from '@strata/record'");
  });
});
