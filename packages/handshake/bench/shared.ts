// What the benchmark and the profiling driver share: the P-256 fixtures, the
// one configuration they measure (TLS_AES_128_GCM_SHA256, x25519,
// ecdsa_secp256r1_sha256) and the in-memory transfer between two engines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCertificatePem, parsePrivateKey, TrustStore } from '@strata/pki';
import { ClientConnection } from '../src/client/connection.js';
import type { ClientConfig, ServerConfig } from '../src/config.js';
import type { Connection } from '../src/engine/connection.js';
import { ServerConnection } from '../src/server/connection.js';

export const fx = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url)), 'utf8');

export const chain = [parseCertificatePem(fx('server-p256.pem'))];
export const privateKey = parsePrivateKey(fx('server-p256.key'));
export const trustStore = TrustStore.fromPem(fx('ca.pem'));

/** A client of the measured configuration; `extra` adds to it (a session, PSK modes). */
export function benchClient(extra: Partial<ClientConfig> = {}): ClientConnection {
  return new ClientConnection({
    serverName: 'localhost',
    trustStore,
    cipherSuites: [0x1301],
    groups: [0x001d],
    ...extra,
  });
}

/** A server of the measured configuration; `extra` adds to it (a ticket issuer). */
export function benchServer(extra: Partial<ServerConfig> = {}): ServerConnection {
  return new ServerConnection({
    certificates: [{ chain, privateKey }],
    cipherSuites: [0x1301],
    groups: [0x001d],
    signatureSchemes: [0x0403],
    ...extra,
  });
}

/** Moves what `from` has written to `to`; returns the bytes moved. */
export function transfer(from: Connection, to: Connection): number {
  const b = from.takeOutput();
  if (b.length) to.receive(b);
  return b.length;
}

/** Moves flights both ways until neither side writes (at most 6 rounds); returns the bytes moved. */
export function pump(client: Connection, server: Connection): number {
  let moved = 0;
  for (let i = 0; i < 6; i++) {
    const n = transfer(client, server) + transfer(server, client);
    if (n === 0) break;
    moved += n;
  }
  return moved;
}

/** One full handshake of the measured configuration, in memory. */
export function oneHandshake(): void {
  const client = benchClient();
  const server = benchServer();
  pump(client, server);
  if (!client.handshakeComplete || !server.handshakeComplete) throw new Error('handshake failed');
}
