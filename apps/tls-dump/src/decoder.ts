/**
 * Reads one direction of a TLS 1.3 byte stream record by record and, with the
 * secrets of an NSS key log, decrypts it: what a protocol analyser does, built
 * from @strata/record (framing, AEAD) and @strata/handshake (message codec,
 * KeyUpdate secret). It shows; it does not judge: a record it cannot read is
 * reported, and the rest of the direction is shown undecrypted.
 */
import { type CipherSuite, cipherSuiteByCode, nobleProvider } from '@strata/crypto';
import {
  decodeHandshakeBody,
  type HandshakeMessage,
  HandshakeType,
  nextTrafficSecret,
} from '@strata/handshake';
import { ContentType, RecordReader, tls13Keys } from '@strata/record';
import { Reader, toHex, toTlsError } from '@strata/wire';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** Secrets by `${label} ${hex(clientRandom)}`, as an NSS key log lists them. */
export type KeyLog = ReadonlyMap<string, Uint8Array>;

/** Parses an NSS key-log file (SSLKEYLOGFILE format); other lines are ignored. */
export function parseKeyLog(text: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+) ([0-9a-fA-F]{64}) ([0-9a-fA-F]+)$/.exec(line.trim());
    if (!m) continue;
    const hex = m[3]!;
    const secret = new Uint8Array(hex.length / 2);
    for (let i = 0; i < secret.length; i++)
      secret[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    out.set(`${m[1]} ${m[2]!.toLowerCase()}`, secret);
  }
  return out;
}

/** What both directions learn from the hellos: the client random and the suite. */
export interface SessionFacts {
  clientRandom?: Uint8Array;
  suite?: Tls13Suite;
}

export type Item =
  | {
      readonly kind: 'handshake';
      readonly type: number;
      readonly length: number;
      readonly message: HandshakeMessage;
    }
  | { readonly kind: 'alert'; readonly level: string; readonly name: string }
  | { readonly kind: 'application_data'; readonly data: Uint8Array }
  | { readonly kind: 'change_cipher_spec' }
  | { readonly kind: 'error'; readonly message: string };

export interface RecordView {
  /** Outer content type and fragment length, as on the wire. */
  readonly type: number;
  readonly length: number;
  /** The keys that opened it: `handshake`, `application`, `application (after N KeyUpdates)`; undefined for plaintext. */
  readonly keys: string | undefined;
  /** True for a protected record this decoder had no key for. */
  readonly opaque: boolean;
  /** Handshake messages completed by this record, alerts, data. */
  readonly items: readonly Item[];
}

type Phase = 'plain' | 'handshake' | 'application' | 'opaque';

/** One direction (`client` = bytes the client sent). */
export class DirectionDecoder {
  readonly #side: 'client' | 'server';
  readonly #facts: SessionFacts;
  readonly #keyLog: KeyLog;
  readonly #reader = new RecordReader();
  #pending = new Uint8Array(0);
  #phase: Phase = 'plain';
  #secret: Uint8Array | undefined;
  #updates = 0;
  #failed = false;

  constructor(side: 'client' | 'server', facts: SessionFacts, keyLog: KeyLog) {
    this.#side = side;
    this.#facts = facts;
    this.#keyLog = keyLog;
    this.#reader.allowCompatibilityCcs = true;
  }

  /** Bytes still waiting for the rest of their record. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** Feeds stream bytes; returns every record they complete. */
  push(bytes: Uint8Array): RecordView[] {
    const all = new Uint8Array(this.#pending.length + bytes.length);
    all.set(this.#pending);
    all.set(bytes, this.#pending.length);
    const views: RecordView[] = [];
    let at = 0;
    while (all.length - at >= 5) {
      const r = new Reader(all.subarray(at, at + 5));
      const type = r.u8('TLSPlaintext.type');
      r.u16('TLSPlaintext.legacy_record_version');
      const length = r.u16('TLSPlaintext.length');
      if (all.length - at < 5 + length) break;
      views.push(this.#record(type, length, all.subarray(at, at + 5 + length)));
      at += 5 + length;
    }
    this.#pending = all.slice(at);
    return views;
  }

  #record(type: number, length: number, record: Uint8Array): RecordView {
    if (type === ContentType.application_data && this.#phase === 'plain') {
      this.#install(`${this.#side.toUpperCase()}_HANDSHAKE_TRAFFIC_SECRET`, 'handshake');
    }
    const isProtected = type === ContentType.application_data && this.#phase !== 'plain';
    if (this.#failed || (isProtected && this.#phase === 'opaque')) {
      return { type, length, keys: undefined, opaque: true, items: [] };
    }
    const keys = !isProtected
      ? undefined
      : this.#phase === 'handshake'
        ? 'handshake'
        : this.#updates === 0
          ? 'application'
          : `application (after ${this.#updates} KeyUpdate${this.#updates > 1 ? 's' : ''})`;
    const items: Item[] = [];
    try {
      this.#reader.push(record.slice());
      for (let ev = this.#reader.read(); ev; ev = this.#reader.read()) {
        if (ev.type === 'handshake') {
          const { type: hsType, body } = ev.message;
          const message = decodeHandshakeBody(hsType, body);
          items.push({ kind: 'handshake', type: hsType, length: body.length, message });
          this.#learn(message);
        } else if (ev.type === 'alert') {
          items.push({
            kind: 'alert',
            level: ev.alert.level === 2 ? 'fatal' : 'warning',
            name: ev.alert.name,
          });
        } else if (ev.type === 'application_data') {
          items.push({ kind: 'application_data', data: ev.data.slice() });
        } else {
          items.push({ kind: 'change_cipher_spec' });
        }
      }
    } catch (e) {
      this.#failed = true;
      items.push({ kind: 'error', message: toTlsError(e).message });
    }
    if (type === ContentType.change_cipher_spec && items.length === 0) {
      items.push({ kind: 'change_cipher_spec' });
    }
    return { type, length, keys, opaque: false, items };
  }

  /** Key changes a message announces, and the facts the hellos carry. */
  #learn(message: HandshakeMessage): void {
    if (message.kind === 'client_hello') this.#facts.clientRandom = message.random;
    if (message.kind === 'server_hello' || message.kind === 'hello_retry_request') {
      const suite = cipherSuiteByCode(nobleProvider, message.cipherSuite);
      if (suite?.version === 'TLS1.3') this.#facts.suite = suite;
    }
    if (message.kind === 'finished' && this.#phase === 'handshake') {
      this.#install(`${this.#side.toUpperCase()}_TRAFFIC_SECRET_0`, 'application');
    }
    if (message.kind === 'key_update' && this.#phase === 'application' && this.#secret) {
      const suite = this.#facts.suite;
      if (!suite) return;
      this.#secret = nextTrafficSecret(suite.hash, this.#secret);
      this.#reader.installKeys(tls13Keys(suite, this.#secret));
      this.#updates++;
    }
  }

  #install(label: string, phase: 'handshake' | 'application'): void {
    const { clientRandom, suite } = this.#facts;
    const secret =
      clientRandom && suite ? this.#keyLog.get(`${label} ${toHex(clientRandom)}`) : undefined;
    if (!suite || !secret) {
      this.#phase = 'opaque';
      return;
    }
    this.#secret = secret;
    this.#reader.installKeys(tls13Keys(suite, secret));
    this.#phase = phase;
  }
}

/** The message's name; a ServerHello with the HelloRetryRequest random is `hello_retry_request`. */
export function messageName(type: number, message: HandshakeMessage): string {
  return message.kind === 'hello_retry_request' ? message.kind : HandshakeType.name(type);
}
