// A key log from a test session lets tshark decrypt the session: the bytes
// two engines exchange in memory are written as a pcap (synthetic Ethernet,
// IPv4 and TCP headers around the real TLS bytes), the key log as an NSS
// SSLKEYLOGFILE, and `tshark -o tls.keylog_file:…` must show the HTTP
// request and response inside. Skipped, saying so, where tshark is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../src/engine/connection.js';
import { clientConfig, pair, serverConfig } from './helpers.js';

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A pcap (LINKTYPE_ETHERNET) of one TCP connection carrying `segments`. */
function pcap(segments: { fromClient: boolean; data: Uint8Array }[]): Buffer {
  const parts: Buffer[] = [];
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262144, 16);
  global.writeUInt32LE(1, 20);
  parts.push(global);
  const seq = { client: 1000, server: 5000 };
  let time = 0;
  const packet = (fromClient: boolean, flags: number, data: Uint8Array) => {
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(fromClient ? 40000 : 443, 0);
    tcp.writeUInt16BE(fromClient ? 443 : 40000, 2);
    tcp.writeUInt32BE(fromClient ? seq.client : seq.server, 4);
    tcp.writeUInt32BE(fromClient ? seq.server : seq.client, 8);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    tcp.writeUInt16BE(65535, 14);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 20 + data.length, 2);
    ip[8] = 64;
    ip[9] = 6;
    Buffer.from(fromClient ? [10, 0, 0, 1] : [10, 0, 0, 2]).copy(ip, 12);
    Buffer.from(fromClient ? [10, 0, 0, 2] : [10, 0, 0, 1]).copy(ip, 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const eth = Buffer.alloc(14);
    eth[5] = fromClient ? 1 : 2;
    eth[11] = fromClient ? 2 : 1;
    eth.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([eth, ip, tcp, Buffer.from(data)]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1, 0);
    rec.writeUInt32LE(time++, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
    const advance = data.length + (flags & 0x03 ? 1 : 0);
    if (fromClient) seq.client += advance;
    else seq.server += advance;
  };
  packet(true, 0x02, new Uint8Array(0)); // SYN
  packet(false, 0x12, new Uint8Array(0)); // SYN-ACK
  packet(true, 0x10, new Uint8Array(0)); // ACK
  for (const s of segments) packet(s.fromClient, 0x18, s.data);
  return Buffer.concat(parts);
}

(hasTshark ? describe : describe.skip)('NSS key log + tshark', () => {
  it('lets tshark decrypt an in-memory session', () => {
    const lines: string[] = [];
    const keyLog = (label: string, random: Uint8Array, secret: Uint8Array) =>
      lines.push(`${label} ${hex(random)} ${hex(secret)}`);
    const { client, server } = pair(clientConfig({ keyLog }), serverConfig());
    const segments: { fromClient: boolean; data: Uint8Array }[] = [];
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
      spawnSync(
        'tshark',
        [
          '-r',
          join(dir, 'session.pcap'),
          ...(keylog ? ['-o', `tls.keylog_file:${join(dir, 'keys.log')}`] : []),
          '-Y',
          'http',
          '-T',
          'fields',
          '-e',
          'http.request.uri',
          '-e',
          'http.response.code',
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
    const decrypted = run(true);
    expect(decrypted.status, decrypted.stderr).toBe(0);
    expect(decrypted.stdout).toContain('/strata-keylog');
    expect(decrypted.stdout).toContain('200');
    // Without the key log, nothing can be read.
    expect(run(false).stdout.trim()).toBe('');
  });
});
