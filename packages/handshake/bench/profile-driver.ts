// Profiling driver: N full handshakes (client+server in memory, P-256, x25519,
// AES-128-GCM). Run: node --cpu-prof --conditions=@strata/source --import tsx bench/profile-driver.ts [N]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCertificatePem, parsePrivateKey, TrustStore } from '@strata/pki';
import { ClientConnection } from '../src/client/connection.js';
import type { Connection } from '../src/engine/connection.js';
import { ServerConnection } from '../src/server/connection.js';

const fx = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url)), 'utf8');
const chain = [parseCertificatePem(fx('server-p256.pem'))];
const privateKey = parsePrivateKey(fx('server-p256.key'));
const trustStore = TrustStore.fromPem(fx('ca.pem'));
const transfer = (from: Connection, to: Connection) => {
  const b = from.takeOutput();
  if (b.length) to.receive(b);
  return b.length;
};
const N = Number(process.argv[2] ?? 300);
const start = performance.now();
for (let n = 0; n < N; n++) {
  const client = new ClientConnection({
    serverName: 'localhost',
    trustStore,
    cipherSuites: [0x1301],
    groups: [0x001d],
  });
  const server = new ServerConnection({
    certificates: [{ chain, privateKey }],
    cipherSuites: [0x1301],
    groups: [0x001d],
    signatureSchemes: [0x0403],
  });
  for (let i = 0; i < 6 && transfer(client, server) + transfer(server, client) > 0; i++);
  if (!client.handshakeComplete || !server.handshakeComplete) throw new Error('handshake failed');
}
console.log(`${N} handshakes, ${((N * 1000) / (performance.now() - start)).toFixed(1)}/s`);
