/**
 * A small reader for classic pcap files (not pcapng): Ethernet, BSD loopback
 * (DLT_NULL), raw IP and Linux cooked (SLL) link types; IPv4 and IPv6; TCP.
 * It returns the payload of one TCP connection per direction, in packet
 * order, de-duplicating retransmitted bytes by sequence number. Enough for a
 * capture of a loopback session (`tcpdump -i lo -w x.pcap port 4433`).
 */

export interface TcpSegment {
  /** True when sent by the side that opened the connection (or, without a SYN, the first sender). */
  readonly fromClient: boolean;
  readonly data: Uint8Array;
}

export interface TcpFlow {
  readonly client: string;
  readonly server: string;
  readonly segments: readonly TcpSegment[];
}

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_RAW_ALT = 12;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_IPV6 = 229;

export class PcapError extends Error {}

interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly seq: number;
  readonly syn: boolean;
  readonly ack: boolean;
  readonly payload: Uint8Array;
}

/** Every TCP packet of the file, in order. */
function packets(file: Uint8Array): Packet[] {
  if (file.length < 24) throw new PcapError('not a pcap file: shorter than its header');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, true);
  let little: boolean;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) little = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) little = false;
  else if (magic === 0x0a0d0d0a)
    throw new PcapError('pcapng is not supported: convert with `editcap -F pcap`');
  else throw new PcapError('not a pcap file (bad magic)');
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  const out: Packet[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const caplen = view.getUint32(at + 8, little);
    const start = at + 16;
    if (start + caplen > file.length) throw new PcapError('truncated packet record');
    const frame = file.subarray(start, start + caplen);
    at = start + caplen;
    const ip = linkPayload(frame, linkType);
    const p = ip && tcpOf(ip);
    if (p) out.push(p);
  }
  return out;
}

function linkPayload(frame: Uint8Array, linkType: number): Uint8Array | undefined {
  const u16 = (i: number) => ((frame[i] ?? 0) << 8) | (frame[i + 1] ?? 0);
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      let at = 12;
      let type = u16(at);
      while (type === 0x8100 || type === 0x88a8) {
        at += 4;
        type = u16(at);
      }
      return type === 0x0800 || type === 0x86dd ? frame.subarray(at + 2) : undefined;
    }
    case LINKTYPE_NULL:
      return frame.subarray(4);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_ALT:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return frame;
    case LINKTYPE_LINUX_SLL:
      return frame.subarray(16);
    default:
      throw new PcapError(`link type ${linkType} is not supported`);
  }
}

function tcpOf(ip: Uint8Array): Packet | undefined {
  if (ip.length < 20) return undefined;
  const version = ip[0]! >> 4;
  let src: string;
  let dst: string;
  let tcp: Uint8Array;
  if (version === 4) {
    const ihl = (ip[0]! & 0x0f) * 4;
    const total = (ip[2]! << 8) | ip[3]!;
    if (ip[9] !== 6) return undefined;
    src = ip.subarray(12, 16).join('.');
    dst = ip.subarray(16, 20).join('.');
    tcp = ip.subarray(ihl, Math.min(total || ip.length, ip.length));
  } else if (version === 6) {
    if (ip.length < 40 || ip[6] !== 6) return undefined; // no extension headers
    const hex = (b: Uint8Array) =>
      Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(
        ':',
      );
    src = `[${hex(ip.subarray(8, 24))}]`;
    dst = `[${hex(ip.subarray(24, 40))}]`;
    const payloadLength = (ip[4]! << 8) | ip[5]!;
    tcp = ip.subarray(40, 40 + payloadLength);
  } else {
    return undefined;
  }
  if (tcp.length < 20) return undefined;
  const sport = (tcp[0]! << 8) | tcp[1]!;
  const dport = (tcp[2]! << 8) | tcp[3]!;
  const seq = ((tcp[4]! << 24) | (tcp[5]! << 16) | (tcp[6]! << 8) | tcp[7]!) >>> 0;
  const offset = (tcp[12]! >> 4) * 4;
  const flags = tcp[13]!;
  return {
    src: `${src}:${sport}`,
    dst: `${dst}:${dport}`,
    seq,
    syn: (flags & 0x02) !== 0,
    ack: (flags & 0x10) !== 0,
    payload: tcp.subarray(offset),
  };
}

/**
 * The first TCP connection in the file (or the one involving `port`): its
 * payload per direction, in packet order, without retransmitted bytes.
 */
export function readPcap(file: Uint8Array, port?: number): TcpFlow {
  const all = packets(file).filter(
    (p) => port === undefined || p.src.endsWith(`:${port}`) || p.dst.endsWith(`:${port}`),
  );
  const first = all.find((p) => p.syn && !p.ack) ?? all.find((p) => p.payload.length > 0);
  if (!first) throw new PcapError('no TCP connection in the capture');
  const client = first.src;
  const server = first.dst;
  const next = new Map<string, number>(); // next expected sequence number per direction
  const segments: TcpSegment[] = [];
  for (const p of all) {
    const fromClient = p.src === client && p.dst === server;
    if (!fromClient && !(p.src === server && p.dst === client)) continue;
    const key = fromClient ? 'c' : 's';
    if (p.syn) {
      next.set(key, (p.seq + 1) >>> 0);
      continue;
    }
    if (p.payload.length === 0) continue;
    const expected = next.get(key) ?? p.seq;
    const skip = (expected - p.seq) >>> 0;
    if (skip >= p.payload.length && skip < 0x80000000) continue; // all seen before
    const data = skip < 0x80000000 ? p.payload.subarray(skip) : p.payload; // a gap: take it as it is
    next.set(key, (p.seq + skip + data.length) >>> 0);
    segments.push({ fromClient, data });
  }
  return { client, server, segments };
}
