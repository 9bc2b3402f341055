/**
 * node-forge in memory: its TLS implementation speaks TLS 1.0/1.1 only,
 * with RSA key exchange and AES-CBC + HMAC-SHA1 suites, so that is what it
 * is measured with (RSA-2048 certificate; forge cannot use ECDSA ones).
 */
import forge from 'node-forge';
import type { CertSet } from './fixtures.js';

export const FORGE_SUITE = 'TLS_RSA_WITH_AES_128_CBC_SHA';

export interface ForgePair {
  readonly client: forge.tls.Connection;
  readonly server: forge.tls.Connection;
  /** Moves records both ways until neither side has anything to send. */
  pump(): void;
  /** Application data received so far, per side (bytes). */
  readonly received: { client: number; server: number };
  /** The negotiated version, e.g. "TLS 1.1". */
  version(): string;
  close(): void;
}

export function forgePair(set: CertSet): ForgePair {
  const toServer: string[] = [];
  const toClient: string[] = [];
  const received = { client: 0, server: 0 };
  let failure: string | undefined;
  const suite = forge.tls.CipherSuites['TLS_RSA_WITH_AES_128_CBC_SHA'];
  if (!suite) throw new Error('node-forge lacks TLS_RSA_WITH_AES_128_CBC_SHA');
  // Forge verifies the chain against its CA store (RSA CA) and calls `verify`.
  const caStore = forge.pki.createCaStore([forge.pki.certificateFromPem(set.caPem)]);
  const common = {
    cipherSuites: [suite],
    error: (_c: forge.tls.Connection, e: forge.tls.TLSError) => {
      failure = e.message;
    },
    closed: () => {},
    connected: () => {},
  };
  const server = forge.tls.createConnection({
    ...common,
    server: true,
    verifyClient: false,
    getCertificate: () => set.certPem,
    getPrivateKey: () => set.keyPem,
    tlsDataReady: (c) => {
      toClient.push(c.tlsData.getBytes());
    },
    dataReady: (c) => {
      received.server += c.data.getBytes().length;
    },
  });
  const client = forge.tls.createConnection({
    ...common,
    server: false,
    caStore,
    virtualHost: 'localhost',
    verify: (_c, verified) => verified,
    tlsDataReady: (c) => {
      toServer.push(c.tlsData.getBytes());
    },
    dataReady: (c) => {
      received.client += c.data.getBytes().length;
    },
  });
  const pump = () => {
    for (let i = 0; i < 1_000_000; i++) {
      if (failure) throw new Error(`node-forge: ${failure}`);
      const a = toServer.shift();
      if (a !== undefined) server.process(a);
      const b = toClient.shift();
      if (b !== undefined) client.process(b);
      if (a === undefined && b === undefined) return;
    }
    throw new Error('node-forge pump did not settle');
  };
  return {
    client,
    server,
    pump,
    received,
    version: () => {
      const v = (client as unknown as { version?: { major: number; minor: number } }).version;
      return v ? `TLS 1.${v.minor - 1}` : 'unknown';
    },
    close: () => {
      client.close();
      server.close();
    },
  };
}

/** One full handshake in memory. */
export function forgeHandshake(set: CertSet): ForgePair {
  const pair = forgePair(set);
  pair.client.handshake();
  pair.pump();
  if (!pair.client.isConnected || !pair.server.isConnected) {
    throw new Error('node-forge handshake did not complete');
  }
  return pair;
}

/** `bytes` each way over an established pair, in 64 KiB writes; returns the bytes received. */
export function forgeBulk(pair: ForgePair, bytes: number): number {
  const chunk = 'a'.repeat(64 * 1024);
  const start = pair.received.client + pair.received.server;
  for (const side of [pair.client, pair.server]) {
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      side.prepare(sent + chunk.length <= bytes ? chunk : chunk.slice(0, bytes - sent));
      pair.pump();
    }
  }
  return pair.received.client + pair.received.server - start;
}
