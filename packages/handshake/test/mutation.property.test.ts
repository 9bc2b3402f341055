// Mutated flights: whatever byte of whatever flight is changed, the engines
// never throw out of receive() and never fail with internal_error (which
// would mean a non-TlsError escaped a state): each refusal is an alert chosen
// by a validation rule, or the handshake still completes when the byte did
// not matter.
import { nobleProvider } from '@strata/crypto';
import { seededRandom } from '@strata/crypto/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../src/client/connection.js';
import type { Connection } from '../src/engine/connection.js';
import { ServerConnection } from '../src/server/connection.js';
import { certified, clientConfig, serverConfig, trustStore } from './helpers.js';

const store = trustStore();
const key = certified('server-p256');
const clientKey = certified('client-p256');

function engines(seed: number) {
  const client = new ClientConnection(
    clientConfig({
      trustStore: store,
      provider: { ...nobleProvider, random: seededRandom(`c${seed}`) },
      certificates: [clientKey],
    }),
  );
  const server = new ServerConnection(
    serverConfig({
      certificates: [key],
      provider: { ...nobleProvider, random: seededRandom(`s${seed}`) },
      clientAuth: 'optional',
      trustStore: store,
    }),
  );
  return { client, server };
}

/** Runs the handshake, mutating the `step`-th flight at `at` (modulo its length) with `xor`. */
function runMutated(step: number, at: number, xor: number): Connection[] {
  const { client, server } = engines(step);
  const order: [Connection, Connection][] = [
    [client, server],
    [server, client],
    [client, server],
    [server, client],
  ];
  for (let i = 0; i < order.length; i++) {
    const [from, to] = order[i]!;
    const bytes = from.takeOutput();
    if (bytes.length === 0) continue;
    if (i === step) bytes[at % bytes.length]! ^= xor;
    expect(() => to.receive(bytes)).not.toThrow();
  }
  return [client, server];
}

/** No connection sent internal_error: a peer's bytes, however bad, are the peer's fault. */
function expectNoInternalError(connections: Iterable<Connection>): void {
  for (const c of connections) {
    for (const e of c.takeEvents()) {
      if (e.type === 'alert_sent') expect(e.alert, e.error?.message).not.toBe('internal_error');
    }
  }
}

describe('mutated flights', () => {
  it('never throw and never fail with internal_error', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (step, at, xor) => {
          expectNoInternalError(runMutated(step, at, xor));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random bytes, alone or after a valid prefix, never throw or fail with internal_error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (junk, asRecord) => {
        const { client, server } = engines(11);
        const bytes = asRecord
          ? new Uint8Array([22, 3, 3, junk.length >> 8, junk.length & 0xff, ...junk])
          : junk;
        expect(() => server.receive(bytes)).not.toThrow();
        client.takeOutput();
        expect(() => client.receive(bytes)).not.toThrow();
        expectNoInternalError([client, server]);
      }),
      { numRuns: 300 },
    );
  });

  it('a handshake record cut at any point and fed in two parts still completes', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (cut1, cut2) => {
        const { client, server } = engines(7);
        const feed = (from: Connection, to: Connection, cut: number) => {
          const b = from.takeOutput();
          const k = cut % (b.length + 1);
          to.receive(b.subarray(0, k));
          to.receive(b.subarray(k));
        };
        feed(client, server, cut1);
        feed(server, client, cut2);
        feed(client, server, cut1 + cut2);
        expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
