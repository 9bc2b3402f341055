import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { pcap, recordingProxy, type Segment } from './capture.js';

const text = (s: string) => new TextEncoder().encode(s);

/** The records of a pcap file: [frame bytes, ...]. */
function frames(file: Buffer): Buffer[] {
  expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(file.readUInt32LE(20)).toBe(1); // LINKTYPE_ETHERNET
  const out: Buffer[] = [];
  let at = 24;
  while (at < file.length) {
    const length = file.readUInt32LE(at + 8);
    expect(file.readUInt32LE(at + 12)).toBe(length);
    out.push(file.subarray(at + 16, at + 16 + length));
    at += 16 + length;
  }
  expect(at).toBe(file.length);
  return out;
}

describe('pcap', () => {
  it('wraps each non-empty segment in Ethernet/IPv4/TCP between a handshake and FINs', () => {
    const segments: Segment[] = [
      { fromClient: true, data: text('hello') },
      { fromClient: false, data: new Uint8Array(0) },
      { fromClient: false, data: text('world!') },
    ];
    const all = frames(pcap(segments));
    // SYN, SYN-ACK, ACK, two data segments (the empty one is left out), two FIN-ACKs.
    expect(all.map((f) => f[14 + 20 + 13])).toEqual([0x02, 0x12, 0x10, 0x18, 0x18, 0x11, 0x11]);
    const data = all.slice(3, 5);
    expect(data.map((f) => f.subarray(54).toString('latin1'))).toEqual(['hello', 'world!']);
    // Client → server on port 443, server → client from 443.
    expect(data[0]?.readUInt16BE(14 + 20 + 2)).toBe(443);
    expect(data[1]?.readUInt16BE(14 + 20)).toBe(443);
    // Sequence numbers follow the bytes: the client's data starts after its SYN.
    expect(data[0]?.readUInt32BE(14 + 20 + 4)).toBe(1001);
    expect(all[5]?.readUInt32BE(14 + 20 + 4)).toBe(5001 + 6);
    for (const f of all) {
      const ip = f.subarray(14, 34);
      expect(ip.readUInt16BE(2)).toBe(f.length - 14);
      let sum = 0;
      for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      expect(sum).toBe(0xffff); // a valid header checksum sums to all ones
    }
  });
});

describe('recordingProxy', () => {
  it('forwards both directions and records them in order', async () => {
    const upstream = createServer((socket) => {
      socket.on('data', (d) => socket.end(Buffer.concat([Buffer.from('echo:'), d])));
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const address = upstream.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const proxy = await recordingProxy(port);
    try {
      const socket = connect({ host: '127.0.0.1', port: proxy.port });
      const chunks: Buffer[] = [];
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.write('ping');
      await once(socket, 'end');
      socket.destroy();
      expect(Buffer.concat(chunks).toString()).toBe('echo:ping');
      const joined = (fromClient: boolean) =>
        Buffer.concat(proxy.segments.filter((s) => s.fromClient === fromClient).map((s) => s.data));
      expect(joined(true).toString()).toBe('ping');
      expect(joined(false).toString()).toBe('echo:ping');
      expect(proxy.segments[0]?.fromClient).toBe(true);
    } finally {
      await proxy.close();
      upstream.close();
    }
  });
});
