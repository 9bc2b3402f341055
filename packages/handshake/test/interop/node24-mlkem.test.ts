// X25519MLKEM768 against a real peer: node:tls of Node 24 (OpenSSL 3.5), run
// as a child process from @strata/node24-peer (the system OpenSSL and the
// Node running these tests are 3.0 and lack the group). Both roles over
// 127.0.0.1, application data both ways and close_notify both ways; the
// group is checked on our side (negotiated) and on Node's (the client's
// ephemeral key info). Skipped where the Node 24 package is not installed
// (it exists for linux-x64 only).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { node24 } from '@strata/node24-peer';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import { ServerConnection } from '../../src/server/connection.js';
import { clientConfig, serverConfig } from '../helpers.js';
import { connect, listenOnce } from './pump.js';

const NODE24 = node24();
const PEER = fileURLToPath(new URL('./node24-peer.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const MLKEM = 0x11ec;
const X25519 = 0x001d;

interface PeerResult {
  readonly error?: string;
  readonly protocol?: string;
  readonly cipher?: string;
  readonly ephemeral?: { type: string; name: string } | null;
  readonly received?: string;
  readonly openssl?: string;
  readonly peerClosed?: boolean;
}

/** The Node 24 peer, killed after 25 s whatever happens; its LISTENING port and RESULT line. */
function startPeer(mode: 'server' | 'client', groups: string, port?: number) {
  const child: ChildProcess = spawn(
    NODE24!,
    [PEER, mode, FIXTURES, groups, ...(port === undefined ? [] : [String(port)])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  let out = '';
  const waiters = new Set<() => void>();
  const onOutput = (c: Buffer) => {
    out += c.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  child.on('exit', () => {
    clearTimeout(killer);
    for (const w of [...waiters]) w();
  });
  const line = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`node 24 peer: no ${pattern} within 15 s; output: ${out}`));
      }, 15_000);
      const check = () => {
        const m = out.match(pattern);
        if (m) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`node 24 peer exited (${child.exitCode}) without ${pattern}: ${out}`));
        }
      };
      waiters.add(check);
      check();
    });
  return {
    port: async () => Number((await line(/LISTENING (\d+)/))[1]),
    result: async () => JSON.parse((await line(/RESULT (.*)\n/))[1]!) as PeerResult,
    kill: () => child.kill('SIGKILL'),
  };
}

/** Our client against the Node 24 server; returns both sides' view. */
async function strataClientNodeServer(nodeGroups: string, groups: number[], shares: number[]) {
  const peer = startPeer('server', nodeGroups);
  try {
    const client = new ClientConnection(clientConfig({ groups, keyShareGroups: shares }));
    const p = await connect(await peer.port(), client);
    await p.waitFor('handshake', () => client.handshakeComplete);
    p.send('hello from strata\n');
    await p.waitFor('data from node 24', () => p.text().includes('hello from node 24'));
    p.close();
    await p.waitFor('close_notify from node 24', () => client.peerClosed);
    await p.closed();
    return { client, node: await peer.result() };
  } finally {
    peer.kill();
  }
}

/** The Node 24 client against our server. */
async function nodeClientStrataServer(nodeGroups: string, groups: number[]) {
  const { port, accepted } = await listenOnce(() => new ServerConnection(serverConfig({ groups })));
  const peer = startPeer('client', nodeGroups, port);
  try {
    const p = await accepted;
    await p.waitFor('handshake', () => p.conn.handshakeComplete);
    await p.waitFor('data from node 24', () => p.text().includes('hello from node 24'));
    p.send('hello from strata\n');
    await p.waitFor('close_notify from node 24', () => p.conn.peerClosed);
    p.close();
    await p.closed();
    return { server: p.conn, node: await peer.result() };
  } finally {
    peer.kill();
  }
}

describe.skipIf(NODE24 === undefined)(
  'X25519MLKEM768 with node:tls on Node 24 (OpenSSL 3.5)',
  () => {
    it('Strata client → Node 24 server, X25519MLKEM768 only', async () => {
      const { client, node } = await strataClientNodeServer('X25519MLKEM768', [MLKEM], [MLKEM]);
      expect(node.error).toBeUndefined();
      expect(node.openssl).toMatch(/^3\.([5-9]|\d\d)\./);
      expect(client.negotiated.group?.code).toBe(MLKEM);
      expect(client.negotiated.helloRetry ?? false).toBe(false);
      expect(node.received).toBe('hello from strata\n');
      expect(node.peerClosed).toBe(true);
    });

    it('Strata client → Node 24 server: a HelloRetryRequest moves an x25519 share to X25519MLKEM768', async () => {
      // we offer both groups with an x25519 share only; the server allows only the hybrid
      const { client, node } = await strataClientNodeServer(
        'X25519MLKEM768',
        [X25519, MLKEM],
        [X25519],
      );
      expect(node.error).toBeUndefined();
      expect(client.negotiated.group?.code).toBe(MLKEM);
      expect(client.negotiated.helloRetry).toBe(true);
      expect(node.received).toBe('hello from strata\n');
    });

    it('Node 24 client → Strata server, X25519MLKEM768 only', async () => {
      const { server, node } = await nodeClientStrataServer('X25519MLKEM768', [MLKEM]);
      expect(node.error).toBeUndefined();
      expect(server.negotiated.group?.code).toBe(MLKEM);
      expect(node.ephemeral).toEqual({ type: 'TLSGroup', name: 'X25519MLKEM768' });
      expect(node.protocol).toBe('TLSv1.3');
      expect(node.received).toBe('hello from strata\n');
      expect(node.peerClosed).toBe(true);
    });

    it('Node 24 client → Strata server: HelloRetryRequest from its x25519 share to X25519MLKEM768', async () => {
      // OpenSSL sends a share for the first group of an explicit list only
      const { server, node } = await nodeClientStrataServer('X25519:X25519MLKEM768', [MLKEM]);
      expect(node.error).toBeUndefined();
      expect(server.negotiated.group?.code).toBe(MLKEM);
      expect(server.negotiated.helloRetry).toBe(true);
      expect(node.ephemeral).toEqual({ type: 'TLSGroup', name: 'X25519MLKEM768' });
    });

    it("Node 24 client with OpenSSL 3.5's default groups → Strata server prefers the hybrid", async () => {
      const { server, node } = await nodeClientStrataServer('', [MLKEM, X25519]);
      expect(node.error).toBeUndefined();
      expect(server.negotiated.group?.code).toBe(MLKEM);
      // OpenSSL 3.5 sends X25519MLKEM768 and x25519 shares by default: no retry needed
      expect(server.negotiated.helloRetry ?? false).toBe(false);
      expect(node.ephemeral?.name).toBe('X25519MLKEM768');
    });
  },
);
