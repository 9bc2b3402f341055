// s-server as a process on 127.0.0.1 against real clients: `openssl s_client`,
// node:tls and raw sockets. Every process has a lifetime; -naccept makes the
// server stop by itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import {
  hasTshark,
  type OpensslProcess,
  pcap,
  recordingProxy,
  startApp,
  startOpensslClient,
  startServer,
  tsharkFields,
} from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import { useAppPeers } from './app-peers.js';

const peers = useAppPeers();

async function server(args: readonly string[]) {
  const s = await startServer([
    '-cert',
    peers.pki.serverEc.cert,
    '-key',
    peers.pki.serverEc.key,
    ...args,
  ]);
  peers.track(s.server);
  return s;
}

/** `openssl s_client` to `port`, trusting the test CA, with `args` after. */
function opensslClient(port: number, args: readonly string[] = []): OpensslProcess {
  return peers.track(startOpensslClient(port, ['-CAfile', peers.pki.ca, ...args]));
}

/** s_client's flags to present the test client certificate. */
const clientCert = (): string[] => ['-cert', peers.pki.client.cert, '-key', peers.pki.client.key];

/** One line through node:tls; resolves with everything the server sent until it closed or `until` matched. */
function nodeTlsExchange(port: number, send: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = tlsConnect(
      { host: '127.0.0.1', port, ca: readFileSync(peers.pki.ca), servername: 'localhost' },
      () => {
        socket.write(send);
      },
    );
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`node:tls exchange timed out; got ${JSON.stringify(got)}`));
    }, 15_000);
    socket.on('data', (d) => {
      got += d.toString('utf8');
      if (until.test(got)) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

describe('s-server against openssl s_client', () => {
  it('echoes reversed lines (-rev), negotiates ALPN, and reports close_notify', async () => {
    const { server: srv, port } = await server(['-rev', '-alpn', 'h2,http/1.1', '-naccept', '1']);
    const client = opensslClient(port, [
      '-servername',
      'localhost',
      '-alpn',
      'http/1.1',
      '-verify_return_error',
    ]);
    await client.waitFor(/Verify return code: 0 \(ok\)/);
    client.send('strata apps\n');
    await client.waitFor(/sppa atarts/);
    client.endInput(); // s_client sends close_notify at EOF
    expect(await client.exited()).toBe(0);
    expect(client.output()).toMatch(/ALPN protocol: http\/1\.1/);
    expect(client.output()).toMatch(/New, TLSv1\.3, Cipher is TLS_/);
    expect(await srv.exited()).toBe(0); // -naccept 1
    expect(srv.stdout()).toMatch(/\[1\] ALPN protocol\s+: http\/1\.1/);
    expect(srv.stdout()).toMatch(/\[1\] peer sent close_notify/);
  });

  it('serves the -cert/-key pair of the key type the client signs with (ECDSA or RSA-PSS)', async () => {
    const { server: srv, port } = await server([
      '-cert',
      peers.pki.serverRsa.cert,
      '-key',
      peers.pki.serverRsa.key,
      '-naccept',
      '2',
    ]);
    const ask = async (sigalgs: string) => {
      const client = opensslClient(port, [
        '-sigalgs',
        sigalgs,
        '-groups',
        'P-384:X25519:P-521',
        '-ciphersuites',
        'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256',
      ]);
      await client.waitFor(/Verify return code: 0 \(ok\)/);
      client.endInput();
      await client.exited();
      return client.output();
    };
    const ec = await ask('ECDSA+SHA256');
    expect(ec).toMatch(/Peer signature type: ECDSA/);
    expect(ec).toMatch(/Server public key is 256 bit/);
    const rsa = await ask('rsa_pss_rsae_sha256');
    expect(rsa).toMatch(/Peer signature type: RSA-PSS/);
    expect(rsa).toMatch(/Server public key is 2048 bit/);
    expect(await srv.exited()).toBe(0);
    expect(srv.stderr()).not.toMatch(/last one is served/);
    // s_server's SSL_get_shared_ciphers / ssl_print_groups view of the offer:
    // the client's order; P-521 is among our default groups, as in OpenSSL 3.0's.
    expect(srv.stdout()).toMatch(
      /\[1\] Shared ciphers\s+: TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256$/m,
    );
    expect(srv.stdout()).toMatch(/\[1\] Supported groups\s+: P-384:X25519:P-521$/m);
    expect(srv.stdout()).toMatch(/\[1\] Shared groups\s+: P-384:X25519:P-521$/m);
  });

  it('requires a client certificate with -Verify and reports it', async () => {
    const { server: srv, port } = await server([
      '-rev',
      '-Verify',
      '2',
      '-CAfile',
      peers.pki.ca,
      '-naccept',
      '2',
    ]);
    const withCert = opensslClient(port, clientCert());
    await withCert.waitFor(/Verify return code: 0/);
    withCert.send('abc\n');
    await withCert.waitFor(/cba/);
    withCert.endInput();
    expect(await withCert.exited()).toBe(0);
    await srv.waitFor(/\[1\] Client certificate\s+: CN = strata apps client/);
    expect(srv.stdout()).toMatch(/\[1\] Verify return code\s+: 0 \(ok\)/);

    // Without a certificate the handshake fails on both sides; the server goes on.
    const without = opensslClient(port);
    without.send('x\n');
    await srv.waitFor(/\[2\] .*error:/);
    without.endInput();
    await without.exited();
    expect(srv.stderr()).toMatch(/\[2\] handshake with 127\.0\.0\.1:\d+ failed/);
    expect(srv.stderr()).toMatch(
      /\[2\] .*error:0A0000C7:SSL routines:.*peer did not return a certificate/,
    );
    expect(without.output()).toMatch(/alert certificate required|certificate required/);
    expect(await srv.exited()).toBe(0);
  });

  it('reports an unverifiable client certificate and goes on (-verify), or refuses it (-verify_return_error)', async () => {
    const lenient = await server(['-rev', '-verify', '1', '-naccept', '1']); // no -CAfile: nothing verifies
    const a = opensslClient(lenient.port, clientCert());
    await a.waitFor(/Verify return code: 0/);
    a.send('lenient\n');
    await a.waitFor(/tneinel/);
    a.endInput();
    await a.exited();
    expect(await lenient.server.exited()).toBe(0);
    expect(lenient.server.stderr()).toMatch(/depth=\d CN = .*: verify error:num=\d+:/);
    expect(lenient.server.stdout()).toMatch(/\[1\] Verify return code\s+: [1-9]\d* \(/);

    const strict = await server(['-rev', '-verify', '1', '-verify_return_error', '-naccept', '1']);
    const b = opensslClient(strict.port, clientCert());
    b.send('strict\n');
    await strict.server.waitFor(
      /\[1\] .*error:0A000086:SSL routines:[^:]*:certificate verify failed/,
    );
    b.endInput();
    await b.exited();
    expect(await strict.server.exited()).toBe(0);
  });

  // OpenSSL 3.0's s_client -reconnect takes its session before TLS 1.3
  // tickets arrive, so it never resumes TLS 1.3, not even against
  // openssl s_server; -sess_out/-sess_in is the TLS 1.3 way to resume with it.
  // (s-client's own -reconnect waits for the tickets: see apps/s-client.)
  it('resumes a session from openssl s_client -sess_out/-sess_in ("Reused")', async (ctx) => {
    if (!peers.resumes) {
      ctx.skip(
        'the facade does not resume sessions yet (SSL_session_reused is 0 after offering a session over a BIO pair)',
      );
    }
    const { server: srv, port } = await server(['-rev', '-naccept', '2']);
    const sess = join(peers.pki.dir, 'openssl-session.pem');
    const first = opensslClient(port, ['-sess_out', sess]);
    first.send('one\n');
    await first.waitFor(/eno/);
    first.endInput();
    await first.exited();
    const second = opensslClient(port, ['-sess_in', sess]);
    second.send('two\n');
    await second.waitFor(/owt/);
    second.endInput();
    await second.exited();
    expect(first.output()).toMatch(/^New, TLSv1\.3/m);
    expect(second.output()).toMatch(/^Reused, TLSv1\.3/m);
    expect(await srv.exited()).toBe(0);
    expect(srv.stdout()).toMatch(/\[1\] Session\s+: New/);
    expect(srv.stdout()).toMatch(/\[2\] Session\s+: Reused/);
  });
});

describe('s-server robustness', () => {
  it('serves many concurrent node:tls clients and survives garbage and early disconnects', async () => {
    const { server: srv, port } = await server(['-rev', '-naccept', '12', '-quiet']);
    // A client that sends garbage instead of a ClientHello gets an alert.
    const garbage = await new Promise<Buffer>((resolve) => {
      const s = netConnect(port, '127.0.0.1', () =>
        s.write(Buffer.concat([Buffer.from('1603010005', 'hex'), Buffer.from('hello')])),
      );
      const chunks: Buffer[] = [];
      s.on('data', (d) => chunks.push(d));
      s.on('close', () => resolve(Buffer.concat(chunks)));
      s.on('error', () => resolve(Buffer.concat(chunks)));
      setTimeout(() => s.destroy(), 10_000).unref();
    });
    expect(garbage[0]).toBe(21); // an alert record
    // One that disconnects in the middle of its ClientHello.
    await new Promise<void>((resolve) => {
      const s = netConnect(port, '127.0.0.1', () => {
        s.write(Buffer.from('16030100c8010000c40303', 'hex'));
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 200);
      });
      s.on('error', () => resolve());
    });
    // Ten concurrent clients, each with its own line.
    const lines = Array.from({ length: 10 }, (_, i) => `line number ${i} from a concurrent client`);
    const replies = await Promise.all(lines.map((l) => nodeTlsExchange(port, `${l}\n`, /\n/)));
    expect(replies).toEqual(lines.map((l) => `${[...l].reverse().join('')}\n`));
    expect(await srv.exited()).toBe(0);
    expect(srv.stderr()).toMatch(/\[1\] .*error:/); // the garbage is reported, and nothing else died
  });

  it('drops a client that never finishes its handshake (-timeout)', async () => {
    const { server: srv, port } = await server(['-rev', '-timeout', '1', '-naccept', '1']);
    const closedAfter = await new Promise<number>((resolve) => {
      const start = Date.now();
      const s = netConnect(port, '127.0.0.1', () => s.write(Buffer.from('160301', 'hex'))); // half a header, then silence
      s.on('close', () => resolve(Date.now() - start));
      s.on('error', () => {});
      setTimeout(() => s.destroy(), 15_000).unref();
    });
    expect(closedAfter).toBeGreaterThanOrEqual(900);
    expect(closedAfter).toBeLessThan(10_000);
    expect(await srv.exited()).toBe(0);
    expect(srv.stderr()).toMatch(
      /\[1\] error:handshake with 127\.0\.0\.1:\d+ did not finish in 1000 ms/,
    );
  });

  it('answers GET / with an HTTP 200 page of the parameters (-www)', async () => {
    const { server: srv, port } = await server(['-www', '-alpn', 'http/1.1', '-naccept', '1']);
    const page = await new Promise<string>((resolve, reject) => {
      let got = '';
      const socket = tlsConnect(
        {
          host: '127.0.0.1',
          port,
          ca: readFileSync(peers.pki.ca),
          servername: 'localhost',
          ALPNProtocols: ['http/1.1'],
        },
        () => socket.write('GET / HTTP/1.0\r\n\r\n'),
      );
      socket.on('data', (d) => {
        got += d.toString('utf8');
      });
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 15_000).unref();
    });
    expect(page).toMatch(/^HTTP\/1\.0 200 ok\r\n/);
    expect(page).toMatch(/Protocol version\s+: TLSv1\.3/);
    expect(page).toMatch(/ALPN protocol\s+: http\/1\.1/);
    expect(page).toMatch(/SNI\s+: localhost/);
    expect(await srv.exited()).toBe(0);
  });

  it('exits non-zero with error lines for a missing certificate file', async () => {
    const app = startApp('s-server', [
      '-accept',
      '127.0.0.1:0',
      '-cert',
      join(peers.pki.dir, 'nope.pem'),
    ]);
    peers.track(app);
    expect(await app.exited()).toBe(1);
    expect(app.stderr()).toMatch(/error:[0-9A-F]{8}:system library:/);
  });
});

(hasTshark ? describe : describe.skip)('-keylogfile and tshark', () => {
  it('lets tshark decrypt a session recorded between s-client and s-server', async () => {
    const keylog = join(peers.pki.dir, 'server-keys.log');
    const { server: srv, port } = await server(['-www', '-keylogfile', keylog, '-naccept', '1']);
    const proxy = await recordingProxy(port);
    try {
      const client = startApp('s-client', [
        '-connect',
        `127.0.0.1:${proxy.port}`,
        '-CAfile',
        peers.pki.ca,
        '-quiet',
        '-no_ign_eof',
      ]);
      peers.track(client);
      client.send('GET /strata-keylog HTTP/1.0\r\n\r\n');
      await client.waitFor(/HTTP\/1\.0 200 ok/, 30_000);
      client.endInput();
      await client.exited();
      expect(await srv.exited()).toBe(0);
    } finally {
      await proxy.close();
    }
    const capture = join(peers.pki.dir, 'session.pcap');
    writeFileSync(capture, pcap(proxy.segments));
    const lines = readFileSync(keylog, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(
      expect.arrayContaining([
        'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
        'SERVER_TRAFFIC_SECRET_0',
        'CLIENT_TRAFFIC_SECRET_0',
      ]),
    );
    const tshark = (withKeys: boolean) =>
      tsharkFields(capture, {
        ...(withKeys ? { keylog } : {}),
        decodeAs: ['tcp.port==443,tls'],
        filter: 'http',
        fields: ['http.request.uri', 'http.response.code'],
      });
    const decrypted = tshark(true);
    expect(decrypted.status, decrypted.stderr).toBe(0);
    expect(decrypted.stdout).toContain('/strata-keylog');
    expect(decrypted.stdout).toContain('200');
    expect(tshark(false).stdout.trim()).toBe('');
  });
});
