/**
 * s-server: `openssl s_server` on Strata's OpenSSL facade. Every TLS call is
 * an `SSL_*` function of @strata/openssl; each accepted socket goes under
 * `strata_SSL_set_socket` (the facade's `SSL_set_fd`). Connections are
 * served concurrently; one that fails (a client that disconnects or sends
 * garbage) prints its errors and ends without touching the others.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import {
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  certificatesFromPem,
  ERR_clear_error,
  ERR_peek_error,
  NID_secp384r1,
  NID_secp521r1,
  NID_X9_62_prime256v1,
  OBJ_nid2sn,
  OPENSSL_NPN_NEGOTIATED,
  type SSL,
  SSL_CIPHER_get_name,
  type SSL_CTX,
  SSL_CTX_add_client_CA,
  SSL_CTX_new,
  SSL_CTX_sess_accept,
  SSL_CTX_sess_hits,
  SSL_CTX_sess_number,
  SSL_CTX_set_alpn_select_cb,
  SSL_CTX_set_num_tickets,
  SSL_CTX_set_options,
  SSL_CTX_set_verify,
  SSL_CTX_set_verify_depth,
  SSL_ERROR_WANT_READ,
  SSL_ERROR_WANT_WRITE,
  SSL_ERROR_ZERO_RETURN,
  SSL_free,
  SSL_get_current_cipher,
  SSL_get_error,
  SSL_get_rbio,
  SSL_get_servername,
  SSL_get_shared_ciphers,
  SSL_get_shared_group,
  SSL_get_verify_result,
  SSL_get_version,
  SSL_get_wbio,
  SSL_get0_alpn_selected,
  SSL_get1_groups,
  SSL_get1_peer_certificate,
  SSL_new,
  SSL_OP_NO_TICKET,
  SSL_read,
  SSL_select_next_proto,
  SSL_session_reused,
  SSL_shutdown,
  SSL_TLSEXT_ERR_NOACK,
  SSL_TLSEXT_ERR_OK,
  SSL_VERIFY_CLIENT_ONCE,
  SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
  SSL_VERIFY_NONE,
  SSL_VERIFY_PEER,
  strata_BIO_wait,
  strata_SSL_accept,
  strata_SSL_set_socket,
  strata_SSL_write,
  TLS_server_method,
  TLSEXT_nid_unknown,
} from '@strata/openssl/node';
import {
  alpnWire,
  Exit,
  exitCheck,
  type FlagSpec,
  type Flags,
  issuerName,
  loadCAfile,
  opensslName,
  parseFlags,
  printErrorQueue,
  setAlgorithmLists,
  setKeylogFile,
  setVersionFlags,
  subjectName,
  UsageError,
  usage,
  useCertificateAndKey,
  verifyReturnCode,
} from 'openssl-cli-kit';

export const SPEC: Readonly<Record<string, FlagSpec>> = {
  accept: {
    arg: '[host:]port',
    help: 'where to listen (default 4433 on all interfaces; port 0: any free port)',
  },
  cert: { arg: 'file', help: 'certificate chain (PEM, leaf first)', repeat: true },
  key: {
    arg: 'file',
    help: 'private key of the matching -cert (default: the -cert file)',
    repeat: true,
  },
  CAfile: { arg: 'file', help: 'PEM file of CAs trusted for client certificates' },
  verify: { arg: 'depth', help: 'ask for a client certificate (optional)' },
  Verify: { arg: 'depth', help: 'require a client certificate' },
  verify_return_error: {
    help: 'refuse a client certificate that does not verify (default: report it and go on)',
  },
  alpn: { arg: 'list', help: 'ALPN protocols to accept, comma-separated, in preference order' },
  www: { help: 'answer "GET /" with an HTTP 200 page of the negotiated parameters' },
  rev: { help: 'echo each line back reversed' },
  naccept: { arg: 'n', help: 'exit after n connections' },
  keylogfile: { arg: 'file', help: 'append NSS key-log lines (SSLKEYLOGFILE format)' },
  no_ticket: { help: 'send no session tickets' },
  num_tickets: { arg: 'n', help: 'session tickets to send after a full handshake (default 2)' },
  tls1_3: { help: 'TLS 1.3 only (the engine speaks nothing else yet)' },
  ciphersuites: { arg: 'list', help: 'TLS 1.3 cipher suites, colon-separated' },
  groups: { arg: 'list', help: 'key exchange groups, colon-separated' },
  sigalgs: { arg: 'list', help: 'signature algorithms, colon-separated' },
  timeout: { arg: 'seconds', help: 'handshake time limit per connection (default 30)' },
  brief: { help: 'one short block per connection' },
  quiet: { help: 'no connection reports' },
  help: { help: 'this text' },
};

const out = (s: string) => process.stdout.write(s);
const err = (s: string) => process.stderr.write(s);
const text = new TextDecoder();
const utf8 = new TextEncoder();

function setupContext(flags: Flags): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_server_method());
  setVersionFlags(ctx, flags);
  const certs = flags.all('cert');
  const keys = flags.all('key');
  if (certs.length === 0)
    throw new UsageError('-cert is required (there is no default server.pem)');
  // Each pair fills the facade's slot of its key type (RSA, RSA-PSS, ECDSA,
  // Ed25519), as libssl's; the server picks among them by the client's
  // signature_algorithms. A later pair of the same key type replaces the earlier.
  certs.forEach((cert, i) => {
    const key = keys[i] ?? cert;
    useCertificateAndKey(
      ctx,
      cert,
      key,
      exitCheck,
      `private key ${key} does not match the certificate ${cert}`,
    );
  });
  const caFile = loadCAfile(ctx, flags, exitCheck);
  if (caFile !== undefined) {
    // As s_server: the CertificateRequest names these CAs (certificate_authorities).
    for (const ca of certificatesFromPem(new Uint8Array(readFileSync(caFile))))
      SSL_CTX_add_client_CA(ctx, ca);
  }
  const require = flags.has('Verify');
  const depth = flags.has('Verify')
    ? flags.number('Verify', 9)
    : flags.has('verify')
      ? flags.number('verify', 9)
      : undefined;
  if (depth !== undefined) {
    const mode =
      SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE | (require ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
    // As s_server: report a bad client chain and go on, unless -verify_return_error.
    const returnError = flags.has('verify_return_error');
    SSL_CTX_set_verify(ctx, mode, (preverifyOk, store) => {
      if (!preverifyOk) {
        const cert = store.currentCertificate;
        const who = cert ? ` ${opensslName(cert.subject.oneline)}` : '';
        err(
          `depth=${store.errorDepth}${who}: verify error:num=${store.error}:${store.errorString}\n`,
        );
      }
      return preverifyOk || !returnError ? 1 : 0;
    });
    SSL_CTX_set_verify_depth(ctx, depth);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, null);
  }
  setAlgorithmLists(ctx, flags, exitCheck);
  const alpn = flags.get('alpn');
  if (alpn !== undefined) {
    const ours = alpnWire(alpn);
    // As s_server: the first of our protocols the client offers, else no ALPN.
    SSL_CTX_set_alpn_select_cb(ctx, (_ssl, offered) => {
      const [status, selected] = SSL_select_next_proto(ours, offered);
      return status === OPENSSL_NPN_NEGOTIATED
        ? [SSL_TLSEXT_ERR_OK, selected]
        : [SSL_TLSEXT_ERR_NOACK, null];
    });
  }
  setKeylogFile(ctx, flags);
  if (flags.has('no_ticket')) SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  if (flags.has('num_tickets')) SSL_CTX_set_num_tickets(ctx, flags.number('num_tickets', 2));
  return ctx;
}

function parseAccept(spec: string | undefined): { host: string | undefined; port: number } {
  if (spec === undefined) return { host: undefined, port: 4433 };
  const m = /^(?:(?:\[([^\]]+)\]|([^:]*)):)?(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`-accept: expected [host:]port, got ${spec}`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`-accept: bad port ${m[3]}`);
  return { host: m[1] ?? (m[2] || undefined), port };
}

/** What the connection settled, for the reports and the -www page. */
function parameters(ssl: SSL): [string, string][] {
  const alpn = SSL_get0_alpn_selected(ssl);
  const peer = SSL_get1_peer_certificate(ssl);
  const verify = SSL_get_verify_result(ssl);
  const rows: [string, string][] = [
    ['Protocol version', SSL_get_version(ssl)],
    ['Ciphersuite', SSL_CIPHER_get_name(SSL_get_current_cipher(ssl))],
    ['Session', SSL_session_reused(ssl) ? 'Reused' : 'New'],
    ['ALPN protocol', alpn ? text.decode(alpn) : '(none)'],
    ['SNI', SSL_get_servername(ssl) ?? '(none)'],
    // As s_server: the client's offer against ours (SSL_get_shared_ciphers,
    // ssl_print_groups with SSL_get1_groups / SSL_get_shared_group).
    ['Shared ciphers', SSL_get_shared_ciphers(ssl) ?? '(none)'],
    ['Supported groups', SSL_get1_groups(ssl).map(groupName).join(':') || '(none)'],
    ['Shared groups', sharedGroups(ssl)],
  ];
  if (peer) {
    rows.push(['Client certificate', subjectName(peer)]);
    rows.push(['Client issuer', issuerName(peer)]);
    rows.push(['Verify return code', verifyReturnCode(verify)]);
  } else {
    rows.push(['Client certificate', '(none)']);
  }
  return rows;
}

/** s_server's group names: the NIST name where there is one, else the short name, else hex. */
function groupName(nid: number): string {
  if (nid & TLSEXT_nid_unknown)
    return `0x${(nid & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
  const nist: Record<number, string> = {
    [NID_X9_62_prime256v1]: 'P-256',
    [NID_secp384r1]: 'P-384',
    [NID_secp521r1]: 'P-521',
  };
  return nist[nid] ?? OBJ_nid2sn(nid) ?? String(nid);
}

function sharedGroups(ssl: SSL): string {
  const n = SSL_get_shared_group(ssl, -1);
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(groupName(SSL_get_shared_group(ssl, i)));
  return names.length > 0 ? names.join(':') : 'NONE';
}

function wwwPage(ssl: SSL, ctx: SSL_CTX): string {
  const rows = parameters(ssl).map(([k, v]) => `${k.padEnd(20)}: ${escapeHtml(v)}`);
  rows.push(
    `${'Sessions cached'.padEnd(20)}: ${SSL_CTX_sess_number(ctx)}`,
    `${'Accepts / hits'.padEnd(20)}: ${SSL_CTX_sess_accept(ctx)} / ${SSL_CTX_sess_hits(ctx)}`,
  );
  const body = [
    '<HTML><BODY BGCOLOR="#ffffff">',
    '<pre>',
    's-server (Strata, on the @strata/openssl facade)',
    ...rows,
    '</pre></BODY></HTML>',
    '',
  ].join('\r\n');
  return [
    'HTTP/1.0 200 ok',
    'Content-type: text/html',
    `Content-Length: ${utf8.encode(body).length}`,
    '',
    body,
  ].join('\r\n');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A connection in its data phase: stdin writes to it and then wakes its reader. */
interface Live {
  readonly ssl: SSL;
  kick: AbortController;
}

type Mode = 'www' | 'rev' | 'echo-stdout';

interface Options {
  readonly mode: Mode;
  readonly quiet: boolean;
  readonly brief: boolean;
  readonly handshakeTimeoutMs: number;
}

/**
 * Reads once: resolves with the bytes (non-empty), or with 'closed'/'error'.
 * Waiting is aborted by `kick` (a write elsewhere may have processed records).
 */
async function readOnce(
  ssl: SSL,
  buf: Uint8Array,
  wake: () => AbortSignal,
): Promise<Uint8Array | 'closed' | 'error'> {
  for (;;) {
    const n = SSL_read(ssl, buf);
    if (n > 0) return buf.slice(0, n);
    const e = SSL_get_error(ssl, n);
    if (e === SSL_ERROR_WANT_READ || e === SSL_ERROR_WANT_WRITE) {
      const bio = e === SSL_ERROR_WANT_READ ? SSL_get_rbio(ssl) : SSL_get_wbio(ssl);
      if (!bio) return 'error';
      const want = e === SSL_ERROR_WANT_READ ? BIO_FLAGS_READ : BIO_FLAGS_WRITE;
      await strata_BIO_wait(bio, want, wake()).catch(() => undefined);
      continue;
    }
    return e === SSL_ERROR_ZERO_RETURN ? 'closed' : 'error';
  }
}

/** Serves one accepted socket to the end; never throws. */
async function serve(
  ctx: SSL_CTX,
  socket: Socket,
  id: number,
  options: Options,
  live: Map<number, Live>,
): Promise<void> {
  const tag = `[${id}] `;
  const say = (s: string) => {
    if (!options.quiet) out(`${tag}${s}\n`);
  };
  socket.on('error', () => {}); // reported through the SSL calls
  const ssl = SSL_new(ctx);
  strata_SSL_set_socket(ssl, socket);
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  try {
    ERR_clear_error();
    const r = await strata_SSL_accept(ssl, AbortSignal.timeout(options.handshakeTimeoutMs)).catch(
      () => 'timeout' as const,
    );
    if (r === 'timeout') {
      err(
        `${tag}error:handshake with ${peer} did not finish in ${options.handshakeTimeoutMs} ms\n`,
      );
      return;
    }
    if (r !== 1) {
      err(`${tag}handshake with ${peer} failed\n`);
      printErrorQueue('handshake failed', tag);
      return;
    }
    if (options.brief) {
      say(`CONNECTION ESTABLISHED from ${peer}`);
      for (const [k, v] of parameters(ssl)) say(`${k}: ${v}`);
    } else {
      say(`ACCEPTED ${peer}`);
      for (const [k, v] of parameters(ssl)) say(`${k.padEnd(19)}: ${v}`);
    }
    const entry: Live = { ssl, kick: new AbortController() };
    live.set(id, entry);
    const wake = () => {
      entry.kick = new AbortController();
      return entry.kick.signal;
    };
    const ok = await dataPhase(ctx, ssl, options, say, tag, wake);
    if (ok) say('DONE');
  } catch (e) {
    err(`${tag}error:${e instanceof Error ? e.message : String(e)}\n`);
  } finally {
    live.delete(id);
    await new Promise<void>((resolve) => {
      socket.end(() => resolve());
      setTimeout(resolve, 1000).unref();
    });
    socket.destroy();
    SSL_free(ssl);
  }
}

/** true: ended with a close_notify exchange (or our page/reply was sent). */
async function dataPhase(
  ctx: SSL_CTX,
  ssl: SSL,
  options: Options,
  say: (s: string) => void,
  tag: string,
  wake: () => AbortSignal,
): Promise<boolean> {
  const buf = new Uint8Array(16384);
  let pending = '';
  for (;;) {
    const got = await readOnce(ssl, buf, wake);
    if (got === 'closed') {
      say('peer sent close_notify');
      SSL_shutdown(ssl);
      return true;
    }
    if (got === 'error') {
      if (ERR_peek_error() !== 0) printErrorQueue('read failed', tag);
      else say('connection closed without close_notify');
      return false;
    }
    if (options.mode === 'echo-stdout') {
      process.stdout.write(got);
      continue;
    }
    pending += text.decode(got, { stream: true });
    if (options.mode === 'www') {
      const end = pending.indexOf('\n');
      if (end < 0) {
        if (pending.length > 8192) return false;
        continue;
      }
      const line = pending.slice(0, end).trim();
      const reply = line.startsWith('GET ')
        ? wwwPage(ssl, ctx)
        : 'HTTP/1.0 400 Bad Request\r\nContent-type: text/plain\r\n\r\nonly GET is served\r\n';
      if ((await strata_SSL_write(ssl, utf8.encode(reply))) <= 0) {
        printErrorQueue('write failed', tag);
        return false;
      }
      say(`answered ${JSON.stringify(line)}`);
      SSL_shutdown(ssl);
      return true;
    }
    // -rev: each complete line back, reversed.
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end).replace(/\r$/, '');
      pending = pending.slice(end + 1);
      const reversed = `${[...line].reverse().join('')}\n`;
      if ((await strata_SSL_write(ssl, utf8.encode(reversed))) <= 0) {
        printErrorQueue('write failed', tag);
        return false;
      }
    }
    if (pending.length > 65536) pending = ''; // a line without end: drop it rather than grow
  }
}

/** Runs the server; resolves with the exit code once -naccept connections are served (or never). */
export function main(
  argv: readonly string[],
  onListening?: (port: number) => void,
): Promise<number> {
  const flags = parseFlags(argv, SPEC);
  if (flags.has('help')) {
    out(usage('s-server', SPEC));
    return Promise.resolve(0);
  }
  if (flags.has('www') && flags.has('rev'))
    throw new UsageError('-www and -rev exclude each other');
  const { host, port } = parseAccept(flags.get('accept'));
  const ctx = setupContext(flags);
  const options: Options = {
    mode: flags.has('www') ? 'www' : flags.has('rev') ? 'rev' : 'echo-stdout',
    quiet: flags.has('quiet'),
    brief: flags.has('brief'),
    handshakeTimeoutMs: flags.number('timeout', 30) * 1000,
  };
  const naccept = flags.has('naccept') ? flags.number('naccept', 1) : Number.POSITIVE_INFINITY;
  const live = new Map<number, Live>();
  let accepted = 0;
  const running = new Set<Promise<void>>();

  return new Promise<number>((resolve, reject) => {
    const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
      if (accepted >= naccept) {
        socket.destroy();
        return;
      }
      const id = ++accepted;
      const task = serve(ctx, socket, id, options, live);
      running.add(task);
      void task.finally(() => running.delete(task));
      if (accepted >= naccept) {
        server.close();
        void Promise.allSettled([...running]).then(() => resolve(0));
      }
    });
    server.on('error', (e: NodeJS.ErrnoException) => {
      err(`error:${e.code ?? ''} ${e.message}\n`);
      reject(new Exit(1));
    });
    server.listen({ port, ...(host === undefined ? {} : { host }) }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const shown = host ?? '0.0.0.0';
      out(`ACCEPT ${shown.includes(':') ? `[${shown}]` : shown}:${bound}\n`);
      onListening?.(bound);
    });
    // Default mode: stdin goes to every live connection, as s_server sends it to its one client.
    if (options.mode === 'echo-stdout') {
      process.stdin.on('data', (chunk: Buffer) => {
        for (const c of live.values()) {
          // The write may process incoming records too: wake the reader to look again.
          void strata_SSL_write(c.ssl, new Uint8Array(chunk)).then(() => c.kick.abort());
        }
      });
      process.stdin.on('error', () => {});
    }
  });
}
