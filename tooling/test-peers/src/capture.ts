// A recording TCP proxy and a pcap writer (synthetic Ethernet/IPv4/TCP
// headers around the recorded bytes), for tests that show a session to tshark
// or tls-dump. The proxy listens on 127.0.0.1 only and closes when asked.
import { connect, createServer, type Server } from 'node:net';

export interface Segment {
  readonly fromClient: boolean;
  readonly data: Uint8Array;
}

/** A TCP proxy on 127.0.0.1 that records what crosses it, in order. */
export async function recordingProxy(
  targetPort: number,
): Promise<{ port: number; segments: Segment[]; close(): Promise<void> }> {
  const segments: Segment[] = [];
  const server: Server = createServer({ allowHalfOpen: true }, (inbound) => {
    const outbound = connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    inbound.on('data', (d: Buffer) => {
      segments.push({ fromClient: true, data: new Uint8Array(d) });
      outbound.write(d);
    });
    outbound.on('data', (d: Buffer) => {
      segments.push({ fromClient: false, data: new Uint8Array(d) });
      inbound.write(d);
    });
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    segments,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A pcap (LINKTYPE_ETHERNET) of one TCP connection carrying `segments` (synthetic headers). */
export function pcap(segments: readonly Segment[]): Buffer {
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
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const eth = Buffer.alloc(14);
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
  packet(true, 0x02, new Uint8Array(0));
  packet(false, 0x12, new Uint8Array(0));
  packet(true, 0x10, new Uint8Array(0));
  for (const s of segments) if (s.data.length > 0) packet(s.fromClient, 0x18, s.data);
  packet(false, 0x11, new Uint8Array(0)); // FIN-ACK: a response without a length ends here
  packet(true, 0x11, new Uint8Array(0));
  return Buffer.concat(parts);
}
