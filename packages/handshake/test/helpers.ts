import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCertificatePem, parsePrivateKey, TrustStore } from '@strata/pki';
import { ClientConnection } from '../src/client/connection.js';
import type { CertifiedKey, ClientConfig, ServerConfig } from '../src/config.js';
import type { Connection } from '../src/engine/connection.js';
import type { ConnectionEvent } from '../src/engine/events.js';
import { decodeHandshakeBody } from '../src/msgs/handshake-message.js';
import { ServerConnection } from '../src/server/connection.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string): string => readFileSync(dir + name, 'utf8');

/** A leaf (from fixtures) with its key. */
export function certified(name: string): CertifiedKey {
  return {
    chain: [parseCertificatePem(fixture(`${name}.pem`))],
    privateKey: parsePrivateKey(fixture(`${name}.key`)),
  };
}

export const trustStore = (): TrustStore => TrustStore.fromPem(fixture('ca.pem'));

export function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { certificates: [certified('server-p256')], ...overrides };
}

export function clientConfig(overrides: Partial<ClientConfig> = {}): ClientConfig {
  return { serverName: 'localhost', trustStore: trustStore(), ...overrides };
}

/** Moves everything `from` has to send into `to`; returns the byte count. */
export function transfer(from: Connection, to: Connection): number {
  const bytes = from.takeOutput();
  if (bytes.length > 0) to.receive(bytes);
  return bytes.length;
}

/**
 * Like `transfer`, but lets `mutate` rewrite the plaintext handshake bytes of
 * each record (for tampering with hello messages; protected records pass as
 * they are unless `mutate` changes them too).
 */
export function transferAltered(
  from: Connection,
  to: Connection,
  mutate: (record: Uint8Array) => Uint8Array,
): number {
  const bytes = from.takeOutput();
  let n = 0;
  for (const record of splitRecords(bytes)) {
    const altered = mutate(record);
    n += altered.length;
    to.receive(altered);
  }
  return n;
}

/** Cuts a byte stream into records (header + fragment). */
export function splitRecords(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at + 5 <= bytes.length) {
    const len = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    out.push(bytes.slice(at, at + 5 + len));
    at += 5 + len;
  }
  return out;
}

/** Runs the handshake to the end (bounded); returns the rounds it took. */
export function handshake(client: Connection, server: Connection, maxRounds = 10): number {
  for (let i = 0; i < maxRounds; i++) {
    const moved = transfer(client, server) + transfer(server, client);
    if (moved === 0) return i;
  }
  throw new Error('handshake did not settle');
}

export function pair(
  client: ClientConfig = clientConfig(),
  server: ServerConfig = serverConfig(),
): { client: ClientConnection; server: ServerConnection } {
  return { client: new ClientConnection(client), server: new ServerConnection(server) };
}

/** The alert a connection sent because of an error, if any. */
export function alertSent(events: readonly ConnectionEvent[]): string | undefined {
  for (const e of events) if (e.type === 'alert_sent' && e.alert !== 'close_notify') return e.alert;
  return undefined;
}

/** A handshake record carrying one plaintext handshake message body, rebuilt after `edit`. */
export function editPlaintextHandshake(
  record: Uint8Array,
  edit: (type: number, body: Uint8Array) => Uint8Array,
): Uint8Array {
  if (record[0] !== 22) return record;
  const type = record[5]!;
  const body = record.subarray(9);
  const newBody = edit(type, body);
  const out = new Uint8Array(9 + newBody.length);
  out.set(record.subarray(0, 3));
  out[3] = (newBody.length + 4) >> 8;
  out[4] = (newBody.length + 4) & 0xff;
  out[5] = type;
  out[6] = newBody.length >> 16;
  out[7] = (newBody.length >> 8) & 0xff;
  out[8] = newBody.length & 0xff;
  out.set(newBody, 9);
  return out;
}

export { decodeHandshakeBody };

import { nobleProvider } from '@strata/crypto';
import { RecordReader, RecordWriter, tls13Keys } from '@strata/record';
import { concatBytes } from '@strata/wire';
import {
  type Decoded,
  decodeHandshakeMessage,
  encodeHandshakeMessage,
  type HandshakeMessage,
} from '../src/msgs/handshake-message.js';

/** A key-log sink: label → secret. */
export function secretsSink(): {
  secrets: Map<string, Uint8Array>;
  keyLog: (label: string, random: Uint8Array, secret: Uint8Array) => void;
} {
  const secrets = new Map<string, Uint8Array>();
  return { secrets, keyLog: (label, _r, secret) => secrets.set(label, secret) };
}

/** A plaintext record of handshake messages. */
export function plaintextRecord(
  messages: readonly HandshakeMessage[],
  version = 0x0303,
): Uint8Array {
  const body = concatBytes(...messages.map((m) => encodeHandshakeMessage(m)));
  const out = new Uint8Array(5 + body.length);
  out.set([22, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]);
  out.set(body, 5);
  return out;
}

/** Decodes the messages of one plaintext handshake record. */
export function plaintextMessages(record: Uint8Array): Decoded<HandshakeMessage>[] {
  return splitMessages(record.subarray(5));
}

function splitMessages(bytes: Uint8Array): Decoded<HandshakeMessage>[] {
  const out: Decoded<HandshakeMessage>[] = [];
  let at = 0;
  while (at < bytes.length) {
    const len = (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    out.push(decodeHandshakeMessage(bytes.slice(at, at + 4 + len)));
    at += 4 + len;
  }
  return out;
}

const suiteByCode = (code: number) => {
  const s = nobleProvider.cipherSuites.find((x) => x.code === code);
  if (s?.version !== 'TLS1.3') throw new Error('not a TLS 1.3 suite');
  return s;
};

/** Decrypts the handshake messages of protected records with a traffic secret. */
export function openHandshake(
  bytes: Uint8Array,
  suiteCode: number,
  secret: Uint8Array,
): Decoded<HandshakeMessage>[] {
  const reader = new RecordReader();
  reader.installKeys(tls13Keys(suiteByCode(suiteCode), secret));
  reader.push(bytes);
  const out: Decoded<HandshakeMessage>[] = [];
  for (let ev = reader.read(); ev; ev = reader.read()) {
    if (ev.type === 'handshake') out.push(decodeHandshakeMessage(ev.message.encoded));
  }
  return out;
}

/** Protects handshake messages (as bytes) with a traffic secret, from sequence number 0. */
export function sealHandshake(
  messages: readonly Uint8Array[],
  suiteCode: number,
  secret: Uint8Array,
): Uint8Array {
  const writer = new RecordWriter();
  writer.installKeys(tls13Keys(suiteByCode(suiteCode), secret));
  writer.writeHandshake(messages);
  return writer.takeOutput();
}
