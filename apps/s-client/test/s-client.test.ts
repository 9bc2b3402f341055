// s-client as a process on 127.0.0.1 against `openssl s_server` and against
// apps/s-server. Every process has a lifetime; the servers stop by themselves.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  type AppProcess,
  type OpensslProcess,
  startApp,
  startOpensslClient,
  startOpensslServer,
  startServer,
} from '@strata/test-peers';
import { useAppPeers } from 's-server/app-peers';
import { describe, expect, it } from 'vitest';

const peers = useAppPeers();

function client(args: readonly string[]): AppProcess {
  return peers.track(startApp('s-client', args));
}

/** s-client to 127.0.0.1:`port`, trusting the test CA, with `args` after. */
function connect(port: number, args: readonly string[] = []): AppProcess {
  return client(['-connect', `127.0.0.1:${port}`, '-CAfile', peers.pki.ca, ...args]);
}

type CertKey = { cert: string; key: string };

async function opensslServer(
  args: readonly string[],
  cert: CertKey = peers.pki.serverEc,
): Promise<{ server: OpensslProcess; port: number }> {
  const started = await startOpensslServer(['-cert', cert.cert, '-key', cert.key, ...args]);
  peers.track(started.server);
  return started;
}

/** apps/s-server with `cert` and `args`. */
async function appServer(
  cert: CertKey,
  args: readonly string[],
): Promise<{ server: AppProcess; port: number }> {
  const started = await startServer(['-cert', cert.cert, '-key', cert.key, ...args]);
  peers.track(started.server);
  return started;
}

describe('s-client against openssl s_server', () => {
  it('fetches the -www page and prints the OpenSSL-style summary', async () => {
    const { port } = await opensslServer(['-www', '-naccept', '1']);
    const c = connect(port, ['-servername', 'localhost']);
    await c.waitFor(/Verify return code: 0 \(ok\)/, 30_000);
    c.send('GET / HTTP/1.0\r\n\r\n');
    await c.waitFor(/HTTP\/1\.0 200 ok/);
    expect(await c.exited()).toBe(0); // the server closes after the page
    const out = c.stdout();
    expect(out).toMatch(/^CONNECTED\(\d{8}\)$/m);
    expect(c.stderr()).toMatch(/^depth=0 CN = localhost$/m);
    expect(out).toMatch(/^ 0 s:CN = localhost\n {3}i:CN = Strata Apps Test CA$/m);
    expect(out).toMatch(/^-----BEGIN CERTIFICATE-----$/m);
    expect(out).toMatch(/^Verification: OK$/m);
    expect(out).toMatch(
      /^New, TLSv1\.3, Cipher is TLS_(AES_256_GCM_SHA384|AES_128_GCM_SHA256|CHACHA20_POLY1305_SHA256)$/m,
    );
    expect(out).toMatch(/^No ALPN negotiated$/m);
    expect(out).toMatch(/s_server -accept 127\.0\.0\.1:0/); // the page itself
  });

  it('prints Peer signing digest, Peer signature type and Server Temp Key as openssl s_client does', async () => {
    const twoTickets =
      /Post-Handshake New Session Ticket arrived:[\s\S]*Post-Handshake New Session Ticket arrived:[\s\S]*Verify return code/;
    const keyLines = (text: string) =>
      text.match(/^(Peer signing digest|Peer signature type|Server Temp Key): .*$/gm) ?? [];
    const cases: { cert: CertKey; args: string[]; expected: string[] }[] = [
      {
        cert: peers.pki.serverEc,
        args: ['-groups', 'X25519'],
        expected: ['ECDSA', 'X25519, 253 bits'],
      },
      {
        cert: peers.pki.serverRsa,
        args: ['-groups', 'P-384'],
        expected: ['RSA-PSS', 'ECDH, secp384r1, 384 bits'],
      },
      {
        cert: peers.pki.serverEc,
        args: ['-groups', 'P-256'],
        expected: ['ECDSA', 'ECDH, prime256v1, 256 bits'],
      },
    ];
    for (const { cert, args, expected } of cases) {
      const started = await opensslServer(['-naccept', '2', ...args], cert);
      const ours = connect(started.port);
      await ours.waitFor(/Verify return code: 0 \(ok\)/, 30_000);
      await ours.waitFor(twoTickets, 10_000);
      ours.endInput();
      await ours.exited();
      const theirs = startOpensslClient(started.port, ['-CAfile', peers.pki.ca]);
      peers.track(theirs);
      await theirs.waitFor(/Verify return code: 0 \(ok\)/, 30_000);
      // s_client does not flush after the ticket blocks: they show at exit.
      await new Promise((r) => setTimeout(r, 1000));
      theirs.endInput();
      await theirs.exited();
      const want = keyLines(theirs.output());
      expect(want.join('\n')).toContain(expected[0]);
      expect(want.join('\n')).toContain(expected[1]);
      expect(keyLines(ours.stdout())).toEqual(want);
      // TLS 1.3: no SSL-Session block in the summary, one per ticket with a
      // 32-byte Session-ID (the SHA-256 of the ticket), as s_client prints.
      const sessions = (text: string) =>
        (text.match(/^SSL-Session:\n(?: {4}.*\n)*?(?= {4}Session-ID:)/gm) ?? []).length;
      const ids = (text: string) =>
        (text.match(/^ {4}Session-ID: ([0-9A-F]*)$/gm) ?? []).map((l) => l.length - 16);
      expect(ids(theirs.output())).toEqual([64, 64]);
      expect(ids(ours.stdout())).toEqual(ids(theirs.output()));
      expect(sessions(ours.stdout())).toBe(sessions(theirs.output()));
      const firstBlock = (text: string) =>
        text.indexOf('SSL-Session:') > text.indexOf('Post-Handshake New Session Ticket arrived:');
      expect(firstBlock(ours.stdout())).toBe(true);
      expect(firstBlock(theirs.output())).toBe(true);
    }
  });

  it('negotiates ALPN and sends a client certificate to -Verify', async () => {
    const { server, port } = await opensslServer([
      '-Verify',
      '1',
      '-CAfile',
      peers.pki.ca,
      '-alpn',
      'h2,http/1.1',
      '-naccept',
      '1',
    ]);
    const c = connect(port, [
      '-alpn',
      'http/1.1',
      '-cert',
      peers.pki.client.cert,
      '-key',
      peers.pki.client.key,
      '-brief',
    ]);
    await c.waitFor(/CONNECTION ESTABLISHED[\s\S]*Session: New/, 30_000);
    c.send('hello from s-client\n');
    await server.waitFor(/hello from s-client/);
    c.endInput();
    expect(await c.exited()).toBe(0);
    expect(c.stderr()).toMatch(/^ALPN protocol: http\/1\.1$/m); // -brief goes to stderr, as in s_client
    expect(c.stderr()).toMatch(/^Protocol version: TLSv1\.3$/m);
    expect(server.output()).toMatch(/subject=CN = strata apps client/);
  });

  it('writes matching key-log lines (-keylogfile)', async () => {
    const serverLog = join(peers.pki.dir, 'openssl-keys.log');
    const clientLog = join(peers.pki.dir, 's-client-keys.log');
    const { port } = await opensslServer(['-keylogfile', serverLog, '-naccept', '1']);
    const c = connect(port, ['-keylogfile', clientLog, '-quiet', '-no_ign_eof']);
    c.endInput();
    expect(await c.exited()).toBe(0);
    const lines = (f: string) =>
      readFileSync(f, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .sort();
    expect(lines(clientLog)).toHaveLength(5);
    expect(lines(clientLog)).toEqual(lines(serverLog));
  });

  it('exits 1 with OpenSSL error lines when verification fails under -verify_return_error', async () => {
    const { port } = await opensslServer(['-naccept', '1']);
    const c = client([
      '-connect',
      `127.0.0.1:${port}`,
      '-CAfile',
      peers.pki.otherCa,
      '-verify_return_error',
    ]);
    expect(await c.exited()).toBe(1);
    expect(c.stderr()).toMatch(/verify error:num=20:unable to get local issuer certificate/);
    expect(c.stderr()).toMatch(/error:0A000086:SSL routines:[^:]*:certificate verify failed/);
  });

  it('resumes from -sess_out with -sess_in ("Reused")', async (ctx) => {
    if (!peers.resumes) ctx.skip('the facade does not resume sessions yet');
    const sess = join(peers.pki.dir, 's-client-session.pem');
    const { port } = await opensslServer(['-naccept', '2']);
    const first = connect(port, ['-sess_out', sess]);
    await first.waitFor(/^New, TLSv1\.3/m, 30_000);
    first.endInput();
    expect(await first.exited()).toBe(0);
    const second = connect(port, ['-sess_in', sess]);
    await second.waitFor(/^Reused, TLSv1\.3/m, 30_000);
    second.endInput();
    expect(await second.exited()).toBe(0);
  });
});

describe('s-client against apps/s-server', () => {
  it('sends stdin, prints the reply, and sends close_notify at EOF', async () => {
    const { server, port } = await appServer(peers.pki.serverRsa, ['-rev', '-naccept', '1']);
    const c = connect(port, ['-servername', 'localhost']);
    await c.waitFor(/Verify return code: 0 \(ok\)/, 30_000);
    c.send('layered TLS\n');
    await c.waitFor(/SLT dereyal/);
    c.endInput();
    expect(await c.exited()).toBe(0);
    expect(c.stdout()).toMatch(/^DONE$/m);
    expect(await server.exited()).toBe(0);
    expect(server.stdout()).toMatch(/\[1\] peer sent close_notify/);
    expect(server.stdout()).toMatch(/\[1\] SNI\s+: localhost/);
  });

  it('reconnects with the session five times (-reconnect shows "Reused")', async (ctx) => {
    if (!peers.resumes) ctx.skip('the facade does not resume sessions yet');
    const { server, port } = await appServer(peers.pki.serverEc, [
      '-rev',
      '-naccept',
      '6',
      '-quiet',
    ]);
    const c = connect(port, ['-reconnect']);
    c.endInput();
    expect(await c.exited()).toBe(0);
    expect(c.stdout().match(/^New, TLSv1\.3/gm)).toHaveLength(1);
    expect(c.stdout().match(/^Reused, TLSv1\.3/gm)).toHaveLength(5);
    expect(await server.exited()).toBe(0);
  });
});

describe('s-client -msg', () => {
  it('prints each handshake message the facade reports, in both directions', async () => {
    const { server, port } = await appServer(peers.pki.serverEc, [
      '-rev',
      '-naccept',
      '1',
      '-quiet',
    ]);
    const c = connect(port, ['-msg', '-quiet', '-no_ign_eof']);
    c.endInput();
    expect(await c.exited()).toBe(0);
    const out = c.stdout();
    for (const [dir, name] of [
      ['>>>', 'ClientHello'],
      ['<<<', 'ServerHello'],
      ['<<<', 'EncryptedExtensions'],
      ['<<<', 'Certificate'],
      ['<<<', 'CertificateVerify'],
      ['<<<', 'Finished'],
      ['>>>', 'Finished'],
    ]) {
      expect(out).toMatch(
        new RegExp(`^${dir} TLS 1\\.3, Handshake \\[length [0-9a-f]{4}\\], ${name}$`, 'm'),
      );
    }
    expect(out).toMatch(/^>>> TLS 1\.3, Alert \[length 0002\], warning close_notify\n {4}01 00$/m);
    expect(await server.exited()).toBe(0);
  });
});

describe('s-client errors', () => {
  it('exits 1 when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
      });
    });
    const c = client(['-connect', `127.0.0.1:${port}`]);
    expect(await c.exited()).toBe(1);
    expect(c.stderr()).toMatch(/connect:errno=ECONNREFUSED/);
  });

  it('exits 1 on an unknown option, with the usage', async () => {
    const c = client(['-frobnicate']);
    expect(await c.exited()).toBe(1);
    expect(c.stderr()).toMatch(/unknown option -frobnicate/);
    expect(c.stderr()).toMatch(/-connect host:port/);
  });
});
