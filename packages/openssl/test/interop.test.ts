/**
 * Interop over 127.0.0.1 with the openssl CLI, using only facade calls on
 * our side: a client against `openssl s_server`, a server against
 * `openssl s_client`; data both ways and a bidirectional shutdown. Every
 * peer process has a hard lifetime and every await a timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasOpenssl, startOpensslClient, startOpensslServer } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import {
  ERR_error_string,
  ERR_get_error,
  SSL_CIPHER_get_name,
  SSL_CTX_free,
  SSL_CTX_load_verify_locations,
  SSL_CTX_new,
  SSL_CTX_set_min_proto_version,
  SSL_CTX_set_verify,
  SSL_CTX_use_certificate_chain_file,
  SSL_CTX_use_PrivateKey_file,
  SSL_FILETYPE_PEM,
  SSL_free,
  SSL_get_current_cipher,
  SSL_get_error,
  SSL_get_shutdown,
  SSL_get_verify_result,
  SSL_get_version,
  SSL_get1_session,
  SSL_new,
  SSL_RECEIVED_SHUTDOWN,
  SSL_SENT_SHUTDOWN,
  type SSL_SESSION,
  SSL_SESSION_is_resumable,
  SSL_session_reused,
  SSL_set_session,
  SSL_set_tlsext_host_name,
  SSL_set1_host,
  SSL_VERIFY_PEER,
  strata_SSL_accept,
  strata_SSL_connect,
  strata_SSL_read,
  strata_SSL_set_socket,
  strata_SSL_shutdown,
  strata_SSL_write,
  TLS_client_method,
  TLS_server_method,
  TLS1_3_VERSION,
  X509_V_OK,
} from '../src/node/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const f = (name: string) => join(fixtures, name);
const enc = new TextEncoder();
const dec = new TextDecoder();
const skip = hasOpenssl() ? '' : ' (skipped: the openssl CLI is not on PATH)';

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref(),
    ),
  ]);
}

function queueText(): string {
  const out: string[] = [];
  for (let e = ERR_get_error(); e !== 0; e = ERR_get_error()) out.push(ERR_error_string(e));
  return out.join('; ');
}

describe(`interop with the openssl CLI over 127.0.0.1${skip}`, () => {
  it.skipIf(!hasOpenssl())(
    'a facade client talks to openssl s_server: data both ways, bidirectional shutdown',
    async () => {
      const { server, port } = await startOpensslServer([
        '-cert',
        f('server.pem'),
        '-key',
        f('server.key'),
        '-tls1_3',
        '-naccept',
        '1',
      ]);
      const ctx = SSL_CTX_new(TLS_client_method());
      let socket: Socket | undefined;
      try {
        SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
        expect(SSL_CTX_load_verify_locations(ctx, f('ca.pem'), null)).toBe(1);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, null);
        const ssl = SSL_new(ctx);
        SSL_set1_host(ssl, 'localhost');
        SSL_set_tlsext_host_name(ssl, 'localhost');
        const sock = connect({ host: '127.0.0.1', port });
        socket = sock;
        await withTimeout(
          new Promise<void>((resolve, reject) => {
            sock.once('connect', resolve);
            sock.once('error', reject);
          }),
          5000,
          'TCP connect',
        );
        expect(strata_SSL_set_socket(ssl, sock)).toBe(1);
        const hs = await withTimeout(strata_SSL_connect(ssl), 10_000, 'SSL_connect');
        expect(hs, queueText()).toBe(1);
        expect(SSL_get_version(ssl)).toBe('TLSv1.3');
        expect(SSL_CIPHER_get_name(SSL_get_current_cipher(ssl))).toMatch(/^TLS_/);
        expect(SSL_get_verify_result(ssl)).toBe(X509_V_OK);

        const hello = enc.encode('hello from strata\n');
        expect(await withTimeout(strata_SSL_write(ssl, hello), 5000, 'SSL_write')).toBe(
          hello.length,
        );
        await server.waitFor(/hello from strata/);

        server.send('hello from s_server\n');
        const buf = new Uint8Array(256);
        let got = '';
        while (!got.includes('\n')) {
          const n = await withTimeout(strata_SSL_read(ssl, buf), 5000, 'SSL_read');
          expect(n, `SSL_read failed: ${SSL_get_error(ssl, n)} ${queueText()}`).toBeGreaterThan(0);
          got += dec.decode(buf.subarray(0, n));
        }
        expect(got).toBe('hello from s_server\n');

        const r = await withTimeout(strata_SSL_shutdown(ssl), 10_000, 'SSL_shutdown');
        expect(r, queueText()).toBe(1);
        expect(SSL_get_shutdown(ssl)).toBe(SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(ssl);
        await withTimeout(server.exited(), 10_000, 's_server exit');
      } finally {
        socket?.destroy();
        SSL_CTX_free(ctx);
        await server.stop();
      }
    },
    30_000,
  );

  it.skipIf(!hasOpenssl())(
    'openssl s_client talks to a facade server: data both ways, bidirectional shutdown',
    async () => {
      const ctx = SSL_CTX_new(TLS_server_method());
      expect(SSL_CTX_use_certificate_chain_file(ctx, f('server.pem'))).toBe(1);
      expect(SSL_CTX_use_PrivateKey_file(ctx, f('server.key'), SSL_FILETYPE_PEM)).toBe(1);
      const results: { received?: string; shutdown?: number; bits?: number; error?: string } = {};
      let serverDone: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        serverDone = resolve;
      });
      const tcp = createServer((sock) => {
        void (async () => {
          const ssl = SSL_new(ctx);
          try {
            strata_SSL_set_socket(ssl, sock);
            const hs = await strata_SSL_accept(ssl);
            if (hs !== 1) throw new Error(`SSL_accept ${hs}: ${queueText()}`);
            await strata_SSL_write(ssl, enc.encode('hello from strata server\n'));
            const buf = new Uint8Array(256);
            let got = '';
            for (;;) {
              const n = await strata_SSL_read(ssl, buf);
              if (n <= 0) break; // 0 with SSL_ERROR_ZERO_RETURN: the client's close_notify
              got += dec.decode(buf.subarray(0, n));
            }
            results.received = got;
            results.shutdown = await strata_SSL_shutdown(ssl);
            results.bits = SSL_get_shutdown(ssl);
          } catch (e) {
            results.error = String(e);
          } finally {
            SSL_free(ssl);
            sock.destroy();
            serverDone();
          }
        })();
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const port = (tcp.address() as { port: number }).port;
      const client = startOpensslClient(port, [
        '-tls1_3',
        '-CAfile',
        f('ca.pem'),
        '-verify_return_error',
        '-verify_hostname',
        'localhost',
        '-servername',
        'localhost',
      ]);
      try {
        await client.waitFor(/hello from strata server/, 10_000);
        expect(client.output()).toMatch(/Verify return code: 0 \(ok\)/);
        client.send('hello from s_client\n');
        // Give s_client a moment to send the line before EOF makes it close.
        await new Promise((r) => setTimeout(r, 300));
        client.endInput();
        await withTimeout(finished, 10_000, 'facade server');
        expect(results.error).toBeUndefined();
        expect(results.received).toBe('hello from s_client\n');
        expect(results.shutdown).toBe(1);
        expect(results.bits).toBe(SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        expect(await withTimeout(client.exited(), 10_000, 's_client exit')).toBe(0);
      } finally {
        await client.stop();
        tcp.close();
        SSL_CTX_free(ctx);
      }
    },
    30_000,
  );
  it.skipIf(!hasOpenssl())(
    'a facade client resumes a session from openssl s_server with its ticket',
    async () => {
      const { server, port } = await startOpensslServer([
        '-cert',
        f('server.pem'),
        '-key',
        f('server.key'),
        '-tls1_3',
        '-naccept',
        '2',
      ]);
      const ctx = SSL_CTX_new(TLS_client_method());
      const sockets: Socket[] = [];
      const once = async (session: SSL_SESSION | null) => {
        const ssl = SSL_new(ctx);
        if (session) expect(SSL_set_session(ssl, session)).toBe(1);
        const sock = connect({ host: '127.0.0.1', port });
        sockets.push(sock);
        await withTimeout(
          new Promise<void>((resolve, reject) => {
            sock.once('connect', resolve);
            sock.once('error', reject);
          }),
          5000,
          'TCP connect',
        );
        strata_SSL_set_socket(ssl, sock);
        expect(await withTimeout(strata_SSL_connect(ssl), 10_000, 'SSL_connect'), queueText()).toBe(
          1,
        );
        // s_server sends its tickets after the handshake; a read takes them in.
        expect(await withTimeout(strata_SSL_write(ssl, enc.encode('ping\n')), 5000, 'write')).toBe(
          5,
        );
        server.send('pong\n');
        const buf = new Uint8Array(64);
        expect(await withTimeout(strata_SSL_read(ssl, buf), 5000, 'read')).toBeGreaterThan(0);
        const reused = SSL_session_reused(ssl);
        const next = SSL_get1_session(ssl);
        expect(await withTimeout(strata_SSL_shutdown(ssl), 10_000, 'shutdown')).toBe(1);
        SSL_free(ssl);
        return { reused, next };
      };
      try {
        const first = await once(null);
        expect(first.reused).toBe(0);
        expect(first.next && SSL_SESSION_is_resumable(first.next)).toBe(1);
        const second = await once(first.next);
        expect(second.reused).toBe(1);
        await withTimeout(server.exited(), 10_000, 's_server exit');
      } finally {
        for (const s of sockets) s.destroy();
        SSL_CTX_free(ctx);
        await server.stop();
      }
    },
    30_000,
  );
  it.skipIf(!hasOpenssl())(
    'openssl s_client resumes with a ticket from a facade server (-sess_out, -sess_in)',
    async () => {
      const ctx = SSL_CTX_new(TLS_server_method());
      expect(SSL_CTX_use_certificate_chain_file(ctx, f('server.pem'))).toBe(1);
      expect(SSL_CTX_use_PrivateKey_file(ctx, f('server.key'), SSL_FILETYPE_PEM)).toBe(1);
      const reused: number[] = [];
      const tcp = createServer((sock) => {
        void (async () => {
          const ssl = SSL_new(ctx);
          try {
            strata_SSL_set_socket(ssl, sock);
            if ((await strata_SSL_accept(ssl)) !== 1) return;
            reused.push(SSL_session_reused(ssl));
            await strata_SSL_write(ssl, enc.encode('hello\n'));
            const buf = new Uint8Array(256);
            while ((await strata_SSL_read(ssl, buf)) > 0) {
              // until the client's close_notify
            }
            await strata_SSL_shutdown(ssl);
          } finally {
            SSL_free(ssl);
            sock.destroy();
          }
        })();
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const port = (tcp.address() as { port: number }).port;
      const dir = mkdtempSync(join(tmpdir(), 'strata-openssl-sess-'));
      const sess = join(dir, 'session.pem');
      try {
        for (const args of [
          ['-sess_out', sess],
          ['-sess_in', sess],
        ]) {
          const client = startOpensslClient(port, ['-tls1_3', '-CAfile', f('ca.pem'), ...args]);
          await client.waitFor(/hello/, 10_000);
          // Tickets arrive after the handshake: give s_client a moment to store them.
          await new Promise((r) => setTimeout(r, 300));
          client.endInput();
          expect(await withTimeout(client.exited(), 10_000, 's_client exit')).toBe(0);
          if (args[0] === '-sess_in') expect(client.output()).toMatch(/Reused, TLSv1\.3/);
        }
        expect(reused).toEqual([0, 1]);
      } finally {
        tcp.close();
        rmSync(dir, { recursive: true, force: true });
        SSL_CTX_free(ctx);
      }
    },
    30_000,
  );
});
