/**
 * Turns the two byte streams of a TLS connection into readable lines: each
 * record with its outer type and length, and inside it the handshake
 * messages, alerts and application data; TLS 1.3 records are opened with
 * the NSS key log when one is given.
 */
import { ContentType } from '@strata/record';
import {
  DirectionDecoder,
  type KeyLog,
  messageName,
  type RecordView,
  type SessionFacts,
} from './decoder.js';
import { describeMessage } from './describe.js';

export interface Chunk {
  readonly fromClient: boolean;
  readonly data: Uint8Array;
}

export interface DumpOptions {
  /** Characters of application data shown per record (default 60; 0 shows only the length). */
  readonly dataPreview?: number;
}

export interface DumpResult {
  readonly lines: string[];
  readonly records: { readonly client: number; readonly server: number };
  /** Records that stayed encrypted (no key for them). */
  readonly opaque: number;
  /** Handshake messages decoded, by name, in order of appearance. */
  readonly messages: string[];
}

/** `client_hello` → `ClientHello`. */
function camel(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
}

function preview(data: Uint8Array, max: number): string {
  if (max === 0) return '';
  const text = Array.from(data.subarray(0, max), (b) =>
    b === 0x0a ? '\\n' : b === 0x0d ? '\\r' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
  ).join('');
  return `  "${text}${data.length > max ? '…' : ''}"`;
}

/** Learns the client random and the suite from the hellos (a pass without keys). */
function learnFacts(chunks: readonly Chunk[]): SessionFacts {
  const facts: SessionFacts = {};
  const none = new Map<string, Uint8Array>();
  const client = new DirectionDecoder('client', facts, none);
  const server = new DirectionDecoder('server', facts, none);
  for (const c of chunks) (c.fromClient ? client : server).push(c.data);
  return facts;
}

export function dump(
  chunks: readonly Chunk[],
  keyLog: KeyLog,
  options: DumpOptions = {},
): DumpResult {
  const facts = learnFacts(chunks);
  const decoders = {
    client: new DirectionDecoder('client', { ...facts }, keyLog),
    server: new DirectionDecoder('server', { ...facts }, keyLog),
  };
  const max = options.dataPreview ?? 60;
  const lines: string[] = [];
  const counts = { client: 0, server: 0 };
  const messages: string[] = [];
  let opaque = 0;
  const show = (side: 'client' | 'server', view: RecordView) => {
    const n = ++counts[side];
    const arrow = side === 'client' ? 'C→S' : 'S→C';
    const keys = view.keys ? `  [${view.keys} keys]` : view.opaque ? '  [encrypted, no key]' : '';
    lines.push(
      `${arrow} #${String(n).padEnd(3)} ${ContentType.name(view.type).padEnd(18)} ${String(view.length).padStart(5)} B${keys}`,
    );
    if (view.opaque) opaque++;
    for (const item of view.items) {
      if (item.kind === 'handshake') {
        const name = camel(messageName(item.type, item.message));
        messages.push(name);
        const detail = describeMessage(item.message);
        lines.push(`        ${name} (${item.length} B)${detail ? `  ${detail}` : ''}`);
      } else if (item.kind === 'alert') {
        lines.push(`        Alert  ${item.level} ${item.name}`);
      } else if (item.kind === 'application_data') {
        lines.push(`        ApplicationData (${item.data.length} B)${preview(item.data, max)}`);
      } else if (item.kind === 'change_cipher_spec') {
        lines.push('        ChangeCipherSpec');
      } else {
        lines.push(`        cannot read: ${item.message}`);
      }
    }
  };
  for (const c of chunks) {
    const side = c.fromClient ? 'client' : 'server';
    for (const view of decoders[side].push(c.data)) show(side, view);
  }
  for (const side of ['client', 'server'] as const) {
    const rest = decoders[side].pendingBytes;
    if (rest > 0)
      lines.push(
        `${side === 'client' ? 'C→S' : 'S→C'} ${rest} trailing bytes (an incomplete record)`,
      );
  }
  return { lines, records: counts, opaque, messages };
}
