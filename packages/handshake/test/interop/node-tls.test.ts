// Interop with node:tls (OpenSSL inside Node) over 127.0.0.1 in both roles:
// every suite, group (but X25519MLKEM768, which Node 20's OpenSSL 3.0 lacks)
// and signature scheme, HRR, a client certificate, ALPN, data both ways and
// close_notify.
import * as tls from 'node:tls';
import { nobleProvider } from '@strata/crypto';
import { StatelessTickets, TicketKeys, type Tls13Session } from '@strata/session';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import type { ClientConfig, ServerConfig } from '../../src/config.js';
import { ServerConnection } from '../../src/server/connection.js';
import { certified, clientConfig, fixture, serverConfig } from '../helpers.js';
import { GROUPS, SCHEMES, SUITES } from './matrix.js';
import { connect, listenOnce, type Pumped } from './pump.js';

const ca = fixture('ca.pem');

/** Our client against a node:tls server. */
async function withNodeServer(
  options: tls.TlsOptions,
  config: Partial<ClientConfig>,
): Promise<{ client: ClientConnection; authorized: boolean | undefined }> {
  let serverSide: tls.TLSSocket | undefined;
  let received = '';
  const server = tls.createServer(
    {
      key: fixture('server-p256.key'),
      cert: fixture('server-p256.pem'),
      minVersion: 'TLSv1.3',
      ALPNProtocols: ['h2'],
      ...options,
    },
    (socket) => {
      serverSide = socket;
      socket.on('data', (d) => {
        received += d.toString();
        if (received.includes('hello from strata')) socket.write('hello from node\n');
      });
      socket.on('end', () => socket.end());
      socket.on('error', () => {});
    },
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const client = new ClientConnection(clientConfig({ alpnProtocols: ['h2'], ...config }));
    const p = await connect(port, client);
    await p.waitFor('handshake', () => client.handshakeComplete);
    p.send('hello from strata\n');
    await p.waitFor('data from node', () => p.text().includes('hello from node'));
    p.close();
    await p.waitFor('close_notify from node', () => client.peerClosed);
    await p.closed();
    return { client, authorized: serverSide?.authorized };
  } finally {
    server.close();
  }
}

/**
 * A node:tls TLS 1.3 client to our server on 127.0.0.1:`port`, trusting the
 * fixtures' CA; `secured` settles when its handshake is done (bounded).
 * The caller destroys the socket.
 */
function nodeClient(
  port: number,
  options: tls.ConnectionOptions,
): { socket: tls.TLSSocket; secured: Promise<void> } {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca,
    minVersion: 'TLSv1.3',
    ...options,
  });
  socket.on('error', () => {});
  const secured = new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
    setTimeout(() => reject(new Error('node:tls handshake timed out')), 10_000).unref();
  });
  return { socket, secured };
}

/** The node:tls client closes first; our server answers its close_notify. */
async function closeFromNode(socket: tls.TLSSocket, p: Pumped<ServerConnection>): Promise<void> {
  socket.end();
  await p.waitFor('close_notify from node', () => p.conn.peerClosed);
  p.close();
  await p.closed();
}

/** Our server against a node:tls client. */
async function withNodeClient(
  config: Partial<ServerConfig>,
  options: tls.ConnectionOptions = {},
): Promise<{ server: ServerConnection; cipher: string; authorized: boolean }> {
  const { port, accepted } = await listenOnce(
    () => new ServerConnection(serverConfig({ alpnProtocols: ['h2'], ...config })),
  );
  const { socket, secured } = nodeClient(port, { ALPNProtocols: ['h2'], ...options });
  let received = '';
  socket.on('data', (d) => {
    received += d.toString();
  });
  try {
    await secured;
    const p = await accepted;
    await p.waitFor('handshake', () => p.conn.handshakeComplete);
    socket.write('hello from node\n');
    await p.waitFor('data from node', () => p.text().includes('hello from node'));
    p.send('hello from strata\n');
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (received.includes('hello from strata')) {
          clearInterval(t);
          resolve();
        }
      }, 5);
      setTimeout(() => {
        clearInterval(t);
        reject(new Error('no data from strata'));
      }, 10_000).unref();
    });
    const cipher = socket.getCipher().standardName;
    const authorized = socket.authorized;
    expect(socket.alpnProtocol).toBe('h2');
    await closeFromNode(socket, p);
    return { server: p.conn, cipher, authorized };
  } finally {
    socket.destroy();
  }
}

describe('node:tls server ↔ Strata client', () => {
  it.each(SUITES)('suite %s', async (name, code) => {
    const { client } = await withNodeServer({ ciphers: name }, { cipherSuites: [code] });
    expect(client.negotiated.cipherSuite?.name).toBe(name);
    expect(client.negotiated.alpn).toBe('h2');
  });

  it.each(GROUPS)('group %s, with and without HelloRetryRequest', async (name, code) => {
    for (const retry of [false, true]) {
      const other = GROUPS.find(([, c]) => c !== code)![1];
      const { client } = await withNodeServer(
        { ecdhCurve: name },
        { groups: [code, other], keyShareGroups: [retry ? other : code] },
      );
      expect(client.negotiated.group?.code).toBe(code);
      expect(client.negotiated.helloRetry ?? false).toBe(retry);
    }
  });

  it.each(SCHEMES)('signature scheme %s', async (name, code, cert) => {
    const { client } = await withNodeServer(
      { key: fixture(`${cert}.key`), cert: fixture(`${cert}.pem`) },
      { signatureSchemes: [code, 0x0403] },
    );
    expect(client.negotiated.signatureScheme?.name).toBe(name);
  });

  it('presents a client certificate', async () => {
    const { client, authorized } = await withNodeServer(
      { requestCert: true, rejectUnauthorized: true, ca },
      { certificates: [certified('client-p256')] },
    );
    expect(authorized).toBe(true);
    expect(client.negotiated.clientSignatureScheme?.name).toBe('ecdsa_secp256r1_sha256');
  });
});

describe('node:tls client ↔ Strata server', () => {
  it.each(SUITES)('suite %s', async (name, code) => {
    const { server, cipher, authorized } = await withNodeClient({ cipherSuites: [code] });
    expect(server.negotiated.cipherSuite?.name).toBe(name);
    expect(cipher).toBe(name);
    expect(authorized).toBe(true);
  });

  it.each(GROUPS)('group %s, with and without HelloRetryRequest', async (name, code) => {
    for (const retry of [false, true]) {
      const other = GROUPS.find(([, c]) => c !== code)![0];
      const { server } = await withNodeClient(
        { groups: [code] },
        { ecdhCurve: retry ? `${other}:${name}` : name },
      );
      expect(server.negotiated.group?.code).toBe(code);
      expect(server.negotiated.helloRetry ?? false).toBe(retry);
    }
  });

  it.each(SCHEMES)('signature scheme %s', async (name, code, cert) => {
    const { server } = await withNodeClient(
      { certificates: [certified(cert)], signatureSchemes: [code] },
      { sigalgs: name },
    );
    expect(server.negotiated.signatureScheme?.name).toBe(name);
  });

  it('requires and verifies a client certificate', async () => {
    const { server } = await withNodeClient(
      { clientAuth: 'required', trustStore: clientConfig().trustStore! },
      { key: fixture('client-rsa.key'), cert: fixture('client-rsa.pem') },
    );
    expect(server.negotiated.verifyResult?.ok).toBe(true);
    expect(server.negotiated.clientSignatureScheme?.name).toMatch(/^rsa_pss_rsae/);
  });
});

describe('resumption with node:tls', () => {
  it('resumes from a node:tls server ticket', async () => {
    const reused: boolean[] = [];
    const server = tls.createServer(
      { key: fixture('server-p256.key'), cert: fixture('server-p256.pem'), minVersion: 'TLSv1.3' },
      (socket) => {
        reused.push(socket.isSessionReused());
        socket.on('data', () => socket.write('pong\n'));
        socket.on('end', () => socket.end());
        socket.on('error', () => {});
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const once = async (session?: Tls13Session) => {
        const client = new ClientConnection(clientConfig(session ? { session } : {}));
        const p = await connect(port, client);
        await p.waitFor('handshake', () => client.handshakeComplete);
        p.send('ping\n');
        await p.waitFor('pong', () => p.text().includes('pong'));
        if (!session)
          await p.waitFor('ticket', () => p.events.some((e) => e.type === 'new_session_ticket'));
        p.close();
        await p.waitFor('close_notify', () => client.peerClosed);
        await p.closed();
        return { client, events: p.events };
      };
      const first = await once();
      const event = first.events.find((e) => e.type === 'new_session_ticket');
      const session = event?.type === 'new_session_ticket' ? event.session : undefined;
      const second = await once(session);
      expect(second.client.negotiated.resumed).toBe(true);
      expect(reused).toEqual([false, true]);
    } finally {
      server.close();
    }
  });

  it('issues tickets a node:tls client resumes with', async () => {
    const keys = new TicketKeys({ provider: nobleProvider });
    const tickets = { issuer: new StatelessTickets({ keys, provider: nobleProvider }) };
    const once = async (session?: Buffer) => {
      const { port, accepted } = await listenOnce(
        () => new ServerConnection(serverConfig({ tickets })),
      );
      const { socket, secured } = nodeClient(port, session ? { session } : {});
      let saved: Buffer | undefined;
      socket.on('session', (s: Buffer) => {
        saved ??= s;
      });
      try {
        await secured;
        const p = await accepted;
        await p.waitFor('handshake', () => p.conn.handshakeComplete);
        socket.write('hello\n');
        await p.waitFor('data', () => p.text().includes('hello'));
        p.send('bye\n');
        await new Promise<void>((resolve) => socket.once('data', () => resolve()));
        const reused = socket.isSessionReused();
        await closeFromNode(socket, p);
        return { server: p.conn, reused, saved };
      } finally {
        socket.destroy();
      }
    };
    const first = await once();
    expect(first.saved).toBeDefined();
    const second = await once(first.saved);
    expect(second.reused).toBe(true);
    expect(second.server.negotiated.resumed).toBe(true);
  });
});
