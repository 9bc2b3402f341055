// Interop with the system `openssl s_server` / `s_client` over 127.0.0.1, in
// both roles: every TLS 1.3 suite, every group OpenSSL 3.0 has (x25519,
// P-256, P-384, X448, P-521, ffdhe2048–8192; X25519MLKEM768 needs OpenSSL 3.5
// and is tested in memory only), every signature scheme, HRR, client certificates, ALPN, SNI, key
// logs, application data both ways and close_notify.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '@strata/crypto';
import { SessionCache, StatelessTickets, TicketKeys, type Tls13Session } from '@strata/session';
import { hasOpenssl, startOpensslClient, startOpensslServer } from '@strata/test-peers';
import { toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import type { ClientConfig, ServerConfig } from '../../src/config.js';
import { ServerConnection } from '../../src/server/connection.js';
import { certified, clientConfig, secretsSink, serverConfig } from '../helpers.js';
import { GROUPS, SCHEMES, SUITES } from './matrix.js';
import { connect, listenOnce } from './pump.js';

const fx = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const run = hasOpenssl() ? describe : describe.skip;

/**
 * One connection from `openssl s_client -tls1_3 <args>` to our server: a line
 * of data, then the client's close_notify. Returns our server connection and
 * what s_client printed (its -sess_out/-sess_in resumption report).
 */
async function sessionWithOpensslClient(config: ServerConfig, args: readonly string[]) {
  const { port, accepted } = await listenOnce(() => new ServerConnection(config));
  const client = startOpensslClient(port, [
    '-tls1_3',
    '-CAfile',
    fx('ca.pem'),
    '-servername',
    'localhost',
    ...args,
  ]);
  try {
    const p = await accepted;
    await p.waitFor('handshake', () => p.conn.handshakeComplete);
    p.send('hello\n');
    await client.waitFor(/hello/);
    client.endInput();
    await p.waitFor('close_notify', () => p.conn.peerClosed);
    p.close();
    await client.exited();
    return { server: p.conn, output: client.output() };
  } finally {
    await client.stop();
  }
}

/**
 * `openssl s_client <args>` connects to our server twice: `-sess_out` keeps
 * the session of the first connection, `-sess_in` offers it on the second.
 */
async function opensslClientResumes(config: ServerConfig, args: readonly string[] = []) {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-sess-')), 'session.pem');
  const first = await sessionWithOpensslClient(config, [...args, '-sess_out', file]);
  const second = await sessionWithOpensslClient(config, [...args, '-sess_in', file]);
  return { first, second };
}

/**
 * Two connections of our client to one `openssl s_server -tls1_3 <args>`
 * (P-256 certificate), each sending a line: the first waits for a ticket, the
 * second offers that ticket's session (with `resumeExtra`). Returns the second
 * client.
 */
async function resumeFromOpensslServer(
  args: readonly string[],
  resumeExtra: Partial<ClientConfig> = {},
): Promise<ClientConnection> {
  const { server, port } = await startOpensslServer([
    '-tls1_3',
    ...args,
    '-cert',
    fx('server-p256.pem'),
    '-key',
    fx('server-p256.key'),
    '-naccept',
    '2',
  ]);
  try {
    const connectOnce = async (session?: Tls13Session) => {
      const client = new ClientConnection(clientConfig(session ? { session, ...resumeExtra } : {}));
      const p = await connect(port, client);
      await p.waitFor('handshake', () => client.handshakeComplete);
      p.send('ping\n');
      await server.waitFor(/ping/);
      if (!session)
        await p.waitFor('tickets', () => p.events.some((e) => e.type === 'new_session_ticket'));
      p.close();
      await p.closed();
      return { client, p };
    };
    const first = await connectOnce();
    const ticket = first.p.events.find((e) => e.type === 'new_session_ticket');
    const session = ticket?.type === 'new_session_ticket' ? ticket.session : undefined;
    expect(session).toBeDefined();
    return (await connectOnce(session)).client;
  } finally {
    await server.stop();
  }
}

interface Case {
  suite?: number;
  group?: number;
  scheme?: number;
  cert?: string;
  clientCert?: string;
  retry?: boolean;
}

/** Our client against `openssl s_server`. */
async function clientCase(c: Case, extra: Partial<ClientConfig> = {}) {
  const cert = c.cert ?? 'server-p256';
  const args = ['-tls1_3', '-cert', fx(`${cert}.pem`), '-key', fx(`${cert}.key`), '-naccept', '1'];
  const groupName = GROUPS.find(([, code]) => code === (c.group ?? 0x001d))![0];
  // With `retry`, s_server only takes the group we send no share for.
  args.push('-groups', groupName);
  if (c.clientCert) args.push('-Verify', '1', '-CAfile', fx('ca.pem'), '-verify_return_error');
  args.push('-alpn', 'h2,http/1.1');
  const { server, port } = await startOpensslServer(args);
  try {
    const otherGroup = GROUPS.find(([, code]) => code !== (c.group ?? 0x001d))![1];
    const client = new ClientConnection(
      clientConfig({
        ...(c.suite ? { cipherSuites: [c.suite] } : {}),
        groups: [c.group ?? 0x001d, otherGroup],
        keyShareGroups: [c.retry ? otherGroup : (c.group ?? 0x001d)],
        ...(c.scheme ? { signatureSchemes: [c.scheme, 0x0403] } : {}),
        ...(c.clientCert ? { certificates: [certified(c.clientCert)] } : {}),
        alpnProtocols: ['h2'],
        ...extra,
      }),
    );
    const p = await connect(port, client);
    await p.waitFor('handshake', () => client.handshakeComplete);
    p.send('hello from strata\n');
    await server.waitFor(/hello from strata/);
    server.send('hello from openssl\n');
    await p.waitFor('data from openssl', () => p.text().includes('hello from openssl'));
    p.close();
    await server.exited();
    await p.closed();
    return { client, output: server.output(), p };
  } finally {
    await server.stop();
  }
}

/** Our server against `openssl s_client`. */
async function serverCase(c: Case, extra: Partial<ServerConfig> = {}, clientArgs: string[] = []) {
  const cert = c.cert ?? 'server-p256';
  const group = c.group ?? 0x001d;
  const otherGroup = GROUPS.find(([, code]) => code !== group)![0];
  const groupName = GROUPS.find(([, code]) => code === group)![0];
  const { port, accepted } = await listenOnce(
    () =>
      new ServerConnection(
        serverConfig({
          certificates: [certified(cert)],
          ...(c.suite ? { cipherSuites: [c.suite] } : {}),
          groups: [group],
          ...(c.scheme ? { signatureSchemes: [c.scheme, 0x0403, 0x0807, 0x0804] } : {}),
          ...(c.clientCert
            ? { clientAuth: 'required' as const, trustStore: clientConfig().trustStore! }
            : {}),
          alpnProtocols: ['h2'],
          ...extra,
        }),
      ),
  );
  const args = [
    '-tls1_3',
    '-CAfile',
    fx('ca.pem'),
    '-verify_return_error',
    '-servername',
    'localhost',
    '-alpn',
    'h2',
    // With `retry`, s_client's first (key share) group is one our server does not take.
    '-groups',
    c.retry ? `${otherGroup}:${groupName}` : groupName,
    ...clientArgs,
  ];
  if (c.clientCert)
    args.push('-cert', fx(`${c.clientCert}.pem`), '-key', fx(`${c.clientCert}.key`));
  const client = startOpensslClient(port, args);
  try {
    const p = await accepted;
    await p.waitFor('handshake', () => p.conn.handshakeComplete);
    p.send('hello from strata\n');
    await client.waitFor(/hello from strata/);
    client.send('hello from openssl\n');
    await p.waitFor('data from openssl', () => p.text().includes('hello from openssl'));
    client.endInput();
    await p.waitFor('close_notify', () => p.conn.peerClosed);
    p.close();
    await client.exited();
    await p.closed();
    return { server: p.conn, output: client.output(), p };
  } finally {
    await client.stop();
  }
}

run('openssl s_server ↔ Strata client', () => {
  it.each(SUITES)('suite %s', async (name, code) => {
    const { client, output } = await clientCase({ suite: code });
    expect(client.negotiated.cipherSuite?.name).toBe(name);
    expect(client.peerClosed || client.closed).toBe(true);
    expect(output).toContain('hello from strata');
  });

  it.each(GROUPS)('group %s, with and without HelloRetryRequest', async (_name, code) => {
    for (const retry of [false, true]) {
      const { client } = await clientCase({ group: code, retry });
      expect(client.negotiated.group?.code).toBe(code);
      expect(client.negotiated.helloRetry ?? false).toBe(retry);
    }
  });

  it.each(SCHEMES)('signature scheme %s', async (name, code, cert) => {
    const { client } = await clientCase({ scheme: code, cert });
    expect(client.negotiated.signatureScheme?.name).toBe(name);
    expect(client.negotiated.verifyResult?.ok).toBe(true);
    expect(client.negotiated.alpn).toBe('h2');
  });

  it.each(['client-p256', 'client-ed25519', 'client-rsa'])(
    'client certificate %s',
    async (clientCert) => {
      const { client, output } = await clientCase({ clientCert });
      expect(client.negotiated.clientSignatureScheme).toBeDefined();
      expect(output).toMatch(/Client certificate|subject=.*strata client/);
    },
  );
});

run('openssl s_client ↔ Strata server', () => {
  it.each(SUITES)('suite %s', async (name, code) => {
    const { server, output } = await serverCase({ suite: code });
    expect(server.negotiated.cipherSuite?.name).toBe(name);
    expect(output).toContain(name);
    expect(output).toContain('Verify return code: 0 (ok)');
  });

  it.each(GROUPS)('group %s, with and without HelloRetryRequest', async (_name, code) => {
    for (const retry of [false, true]) {
      const { server } = await serverCase({ group: code, retry });
      expect(server.negotiated.group?.code).toBe(code);
      expect(server.negotiated.helloRetry ?? false).toBe(retry);
    }
  });

  it.each(SCHEMES)('signature scheme %s', async (name, code, cert) => {
    const { server, output } = await serverCase({ scheme: code, cert }, {}, ['-sigalgs', name]);
    expect(server.negotiated.signatureScheme?.name).toBe(name);
    expect(server.negotiated.alpn).toBe('h2');
    expect(server.negotiated.serverName).toBe('localhost');
    expect(output).toContain('ALPN protocol: h2');
  });

  it.each(['client-p256', 'client-ed25519', 'client-rsa'])(
    'client certificate %s',
    async (clientCert) => {
      const { server } = await serverCase({ clientCert });
      // s_client sends its chain as it builds it (leaf, then the CA from -CAfile).
      expect(server.negotiated.peerCertificates?.[0]?.subject.canonical).toContain('strata client');
      expect(server.negotiated.verifyResult?.ok).toBe(true);
      expect(server.negotiated.clientSignatureScheme).toBeDefined();
    },
  );

  it('writes the same NSS key log as openssl (-keylogfile)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-keylog-'));
    const file = join(dir, 'keys.log');
    const sink = secretsSink();
    await serverCase({}, { keyLog: sink.keyLog }, ['-keylogfile', file]);
    const log = readFileSync(file, 'utf8');
    for (const label of [
      'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      'CLIENT_TRAFFIC_SECRET_0',
      'SERVER_TRAFFIC_SECRET_0',
      'EXPORTER_SECRET',
    ]) {
      expect(log).toContain(`${label} `);
      expect(log).toContain(toHex(sink.secrets.get(label)!));
    }
  });

  it('answers an OpenSSL KeyUpdate with update_requested (s_client "K" command)', async () => {
    const { port, accepted } = await listenOnce(() => new ServerConnection(serverConfig()));
    const client = startOpensslClient(port, [
      '-tls1_3',
      '-CAfile',
      fx('ca.pem'),
      '-servername',
      'localhost',
    ]);
    try {
      const p = await accepted;
      await p.waitFor('handshake', () => p.conn.handshakeComplete);
      await client.waitFor(/Verify return code/);
      client.send('K\n');
      await p.waitFor(
        'key update',
        () => p.events.filter((e) => e.type === 'key_update').length >= 2,
      );
      p.send('after update\n');
      await client.waitFor(/after update/);
      client.send('still talking\n');
      await p.waitFor('data after update', () => p.text().includes('still talking'));
      client.endInput();
      await p.waitFor('close_notify', () => p.conn.peerClosed);
      p.close();
    } finally {
      await client.stop();
    }
  });
});

run('resumption with openssl', () => {
  it('resumes a session from an openssl s_server ticket', async () => {
    const resumed = await resumeFromOpensslServer([]);
    expect(resumed.negotiated.resumed).toBe(true);
    expect(resumed.negotiated.signatureScheme).toBeUndefined();
  });

  it('issues tickets that openssl s_client resumes with (-sess_out / -sess_in)', async () => {
    const keys = new TicketKeys({ provider: nobleProvider });
    const tickets = { issuer: new StatelessTickets({ keys, provider: nobleProvider }) };
    const { first, second } = await opensslClientResumes(serverConfig({ tickets }));
    expect(first.server.negotiated.resumed).toBeUndefined();
    expect(second.output).toContain('Reused, TLSv1.3');
    expect(second.server.negotiated.resumed).toBe(true);
  });

  it('resumes with psk_ke from an openssl s_server -allow_no_dhe_kex ticket', async () => {
    const resumed = await resumeFromOpensslServer(['-allow_no_dhe_kex'], { pskModes: ['psk_ke'] });
    expect(resumed.negotiated.resumed).toBe(true);
    expect(resumed.negotiated.pskMode).toBe('psk_ke');
    expect(resumed.negotiated.group).toBeUndefined();
  });

  it('resumes openssl s_client -allow_no_dhe_kex with psk_ke; the server cache counts the hit', async () => {
    const keys = new TicketKeys({ provider: nobleProvider });
    const cache = new SessionCache();
    const config = serverConfig({
      sessionCache: cache,
      tickets: {
        issuer: new StatelessTickets({ keys, provider: nobleProvider }),
        pskModes: ['psk_ke'],
      },
    });
    const { second } = await opensslClientResumes(config, ['-allow_no_dhe_kex']);
    expect(second.output).toContain('Reused, TLSv1.3');
    expect(second.server.negotiated.pskMode).toBe('psk_ke');
    expect(cache.stats()).toMatchObject({ sess_accept: 2, sess_accept_good: 2, sess_hits: 1 });
  });
});
