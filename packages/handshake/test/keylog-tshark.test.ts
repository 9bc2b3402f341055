// A key log from a test session lets tshark decrypt the session: the bytes
// two engines exchange in memory are written as a pcap (@strata/test-peers:
// synthetic Ethernet, IPv4 and TCP headers around the real TLS bytes), the key log as an NSS
// SSLKEYLOGFILE, and `tshark -o tls.keylog_file:…` must show the HTTP
// request and response inside. Skipped, saying so, where tshark is missing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTshark, pcap, type Segment, tsharkFields } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../src/engine/connection.js';
import { clientConfig, pair, serverConfig } from './helpers.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

(hasTshark ? describe : describe.skip)('NSS key log + tshark', () => {
  it('lets tshark decrypt an in-memory session', () => {
    const lines: string[] = [];
    const keyLog = (label: string, random: Uint8Array, secret: Uint8Array) =>
      lines.push(`${label} ${hex(random)} ${hex(secret)}`);
    const { client, server } = pair(clientConfig({ keyLog }), serverConfig());
    const segments: Segment[] = [];
    const move = (from: Connection, to: Connection, fromClient: boolean) => {
      const data = from.takeOutput();
      if (data.length === 0) return 0;
      segments.push({ fromClient, data });
      to.receive(data);
      return data.length;
    };
    client.write(
      new TextEncoder().encode('GET /strata-keylog HTTP/1.1\r\nHost: localhost\r\n\r\n'),
    );
    for (let i = 0; i < 6 && move(client, server, true) + move(server, client, false) > 0; i++);
    server.write(new TextEncoder().encode('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    move(server, client, false);
    const dir = mkdtempSync(join(tmpdir(), 'strata-tshark-'));
    writeFileSync(join(dir, 'session.pcap'), pcap(segments));
    writeFileSync(join(dir, 'keys.log'), `${lines.join('\n')}\n`);
    const run = (keylog: boolean) =>
      tsharkFields(join(dir, 'session.pcap'), {
        ...(keylog ? { keylog: join(dir, 'keys.log') } : {}),
        filter: 'http',
        fields: ['http.request.uri', 'http.response.code'],
      });
    const decrypted = run(true);
    expect(decrypted.status, decrypted.stderr).toBe(0);
    expect(decrypted.stdout).toContain('/strata-keylog');
    expect(decrypted.stdout).toContain('200');
    // Without the key log, nothing can be read.
    expect(run(false).stdout.trim()).toBe('');
  });
});
