/**
 * s-client: `openssl s_client` on Strata's OpenSSL facade. Every TLS call is
 * an `SSL_*` function of @strata/openssl; the socket is a Node socket under
 * `strata_SSL_set_socket` (the facade's `SSL_set_fd`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, isIP, type Socket } from 'node:net';
import {
  BIO_ctrl_pending,
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  BIO_new,
  BIO_new_mem_buf,
  BIO_number_read,
  BIO_number_written,
  BIO_read,
  BIO_s_mem,
  ERR_clear_error,
  ERR_peek_error,
  EVP_PKEY_EC,
  EVP_PKEY_ED448,
  EVP_PKEY_ED25519,
  EVP_PKEY_get_bits,
  EVP_PKEY_get_group_name,
  EVP_PKEY_get_id,
  EVP_PKEY_RSA,
  EVP_PKEY_RSA_PSS,
  OBJ_nid2sn,
  PEM_read_bio_SSL_SESSION,
  PEM_write_bio_SSL_SESSION,
  PEM_write_bio_X509,
  type SSL,
  SSL_CIPHER_get_bits,
  SSL_CIPHER_get_name,
  type SSL_CTX,
  SSL_CTX_new,
  SSL_CTX_sess_set_new_cb,
  SSL_CTX_set_alpn_protos,
  SSL_CTX_set_default_verify_paths,
  SSL_CTX_set_msg_callback,
  SSL_CTX_set_session_cache_mode,
  SSL_CTX_set_verify,
  SSL_ERROR_SSL,
  SSL_ERROR_SYSCALL,
  SSL_ERROR_WANT_READ,
  SSL_ERROR_WANT_WRITE,
  SSL_ERROR_ZERO_RETURN,
  SSL_free,
  SSL_get_current_cipher,
  SSL_get_error,
  SSL_get_peer_cert_chain,
  SSL_get_peer_signature_nid,
  SSL_get_peer_signature_type_nid,
  SSL_get_peer_tmp_key,
  SSL_get_rbio,
  SSL_get_session,
  SSL_get_verify_result,
  SSL_get_version,
  SSL_get_wbio,
  SSL_get0_alpn_selected,
  SSL_get1_session,
  SSL_new,
  SSL_peek,
  SSL_read,
  SSL_SESS_CACHE_CLIENT,
  SSL_SESS_CACHE_NO_INTERNAL_STORE,
  type SSL_SESSION,
  SSL_SESSION_get_id,
  SSL_SESSION_get_time,
  SSL_SESSION_get_timeout,
  SSL_session_reused,
  SSL_set_session,
  SSL_set_tlsext_host_name,
  SSL_shutdown,
  SSL_VERIFY_PEER,
  SSL_version,
  strata_BIO_wait,
  strata_SSL_connect,
  strata_SSL_retry,
  strata_SSL_set_socket,
  strata_SSL_write,
  TLS_client_method,
  TLS1_3_VERSION,
  X509_verify_cert_error_string,
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
import { describeMsg } from './msg.js';

/** Lines the message callback printed (to tell when the facade calls it at all). */
let msgLines = 0;

export const SPEC: Readonly<Record<string, FlagSpec>> = {
  connect: { arg: 'host:port', help: 'server to connect to (default localhost:4433)' },
  servername: {
    arg: 'name',
    help: 'SNI name to send (default: the -connect host unless an IP address)',
  },
  noservername: { help: 'send no SNI' },
  alpn: { arg: 'list', help: 'ALPN protocols to offer, comma-separated' },
  CAfile: { arg: 'file', help: 'PEM file of trusted certificates' },
  verify_return_error: { help: 'abort the handshake when the server certificate does not verify' },
  cert: { arg: 'file', help: 'client certificate (PEM, chain after the leaf)' },
  key: { arg: 'file', help: 'client private key (PEM; default: the -cert file)' },
  tls1_3: { help: 'TLS 1.3 only' },
  tls1_2: { help: 'TLS 1.2 only (the engine does not speak TLS 1.2 yet: fails)' },
  ciphersuites: { arg: 'list', help: 'TLS 1.3 cipher suites, colon-separated' },
  groups: { arg: 'list', help: 'key exchange groups, colon-separated (X25519:P-256:…)' },
  sigalgs: { arg: 'list', help: 'signature algorithms, colon-separated' },
  sess_out: { arg: 'file', help: 'write the session to this file (PEM)' },
  sess_in: { arg: 'file', help: 'resume the session read from this file (PEM)' },
  reconnect: { help: 'reconnect 5 times with the same session after the first handshake' },
  keylogfile: { arg: 'file', help: 'append NSS key-log lines (SSLKEYLOGFILE format)' },
  brief: { help: 'only a short summary of the connection' },
  quiet: { help: 'no summary at all (implies -ign_eof)' },
  ign_eof: { help: 'keep the connection open at EOF on stdin' },
  no_ign_eof: { help: 'close the connection at EOF on stdin (default)' },
  msg: { help: "print each protocol message (the facade's SSL_CTX_set_msg_callback)" },
  help: { help: 'this text' },
};

const out = (s: string) => process.stdout.write(s);
const err = (s: string) => process.stderr.write(s);

function setupContext(flags: Flags): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_client_method());
  setVersionFlags(ctx, flags);
  // As s_client: sessions are reported through the new-session callback; for
  // TLS 1.3 that is where the SSL-Session block (and its Session-ID, the
  // SHA-256 of the ticket) is printed, once per NewSessionTicket.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  if (!flags.has('quiet') && !flags.has('brief')) {
    SSL_CTX_sess_set_new_cb(ctx, (ssl, sess) => {
      if (SSL_version(ssl) === TLS1_3_VERSION) {
        out(
          `---\nPost-Handshake New Session Ticket arrived:\n${sessionBlock(ssl, sess).join('\n')}\n---\n`,
        );
      }
      return 0;
    });
  }
  setAlgorithmLists(ctx, flags, exitCheck);
  if (loadCAfile(ctx, flags, exitCheck) === undefined) {
    SSL_CTX_set_default_verify_paths(ctx); // as s_client: the system's trust store
  }
  const cert = flags.get('cert');
  if (cert !== undefined) {
    const key = flags.get('key') ?? cert;
    useCertificateAndKey(ctx, cert, key, exitCheck, 'private key does not match the certificate');
  }
  const alpn = flags.get('alpn');
  if (alpn !== undefined) {
    exitCheck(SSL_CTX_set_alpn_protos(ctx, alpnWire(alpn)) === 0, `bad -alpn ${alpn}`);
  }
  setKeylogFile(ctx, flags);
  if (flags.has('msg')) {
    SSL_CTX_set_msg_callback(ctx, (writeP, version, contentType, buf) => {
      msgLines++;
      out(`${describeMsg(writeP, version, contentType, buf)}\n`);
    });
  }
  // As openssl s_client: verify, print each step, and go on unless -verify_return_error.
  const quiet = flags.has('quiet') || flags.has('brief');
  const returnError = flags.has('verify_return_error');
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, (preverifyOk, store) => {
    const cert = store.currentCertificate;
    if (!quiet && cert) err(`depth=${store.errorDepth} ${opensslName(cert.subject.oneline)}\n`);
    if (!preverifyOk && !quiet) {
      err(`verify error:num=${store.error}:${store.errorString}\n`);
    }
    if (!quiet) err(`verify return:${preverifyOk || !returnError ? 1 : 0}\n`);
    return preverifyOk || !returnError ? 1 : 0;
  });
  return ctx;
}

function parseTarget(target: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(target);
  if (!m) throw new UsageError(`-connect: expected host:port, got ${target}`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new UsageError(`-connect: bad port ${m[3]}`);
  return { host: m[1] ?? (m[2] || 'localhost'), port };
}

function openSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function readSession(file: string): SSL_SESSION {
  const bio = BIO_new_mem_buf(new Uint8Array(readFileSync(file)));
  const session = PEM_read_bio_SSL_SESSION(bio);
  if (!session) {
    printErrorQueue(`cannot read the session in ${file}`);
    throw new Exit(1);
  }
  return session;
}

function writeSession(file: string, session: SSL_SESSION): void {
  const bio = BIO_new(BIO_s_mem());
  PEM_write_bio_SSL_SESSION(bio, session);
  const buf = new Uint8Array(BIO_ctrl_pending(bio));
  BIO_read(bio, buf);
  writeFileSync(file, buf);
}

function pem(x: Parameters<typeof PEM_write_bio_X509>[1]): string {
  const bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  const buf = new Uint8Array(BIO_ctrl_pending(bio));
  BIO_read(bio, buf);
  return new TextDecoder().decode(buf);
}

const hex = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

/** The summary `openssl s_client` prints after the handshake. */
function summary(ssl: SSL, full: boolean): string {
  const lines: string[] = [];
  const cipher = SSL_get_current_cipher(ssl);
  const reused = SSL_session_reused(ssl) === 1;
  const alpn = SSL_get0_alpn_selected(ssl);
  const verify = SSL_get_verify_result(ssl);
  const chain = SSL_get_peer_cert_chain(ssl) ?? [];
  const rbio = SSL_get_rbio(ssl);
  if (full) {
    lines.push('---', 'Certificate chain');
    chain.forEach((x, i) => {
      lines.push(` ${i} s:${subjectName(x)}`);
      lines.push(`   i:${issuerName(x)}`);
    });
    const leaf = chain[0];
    if (leaf) {
      lines.push('---', 'Server certificate', pem(leaf).trimEnd());
      lines.push(`subject=${subjectName(leaf)}`);
      lines.push(`issuer=${issuerName(leaf)}`);
    } else {
      lines.push('---', 'no peer certificate available');
    }
    lines.push('---', ...peerKeyLines(ssl, 'Peer signing digest', 'Peer signature type'));
    const tmp = tmpKeyLine(ssl);
    if (tmp) lines.push(tmp);
    lines.push('---');
    if (rbio) {
      lines.push(
        `SSL handshake has read ${BIO_number_read(rbio)} bytes and written ${BIO_number_written(rbio)} bytes`,
      );
    }
    lines.push(`Verification: ${verify === 0 ? 'OK' : X509_verify_cert_error_string(verify)}`);
  }
  lines.push('---');
  lines.push(
    `${reused ? 'Reused' : 'New'}, ${SSL_get_version(ssl)}, Cipher is ${SSL_CIPHER_get_name(cipher)}`,
  );
  if (full) {
    const leaf = chain[0];
    const bits = leaf?.cert.publicKey;
    if (bits) lines.push(`Server public key is ${describeKey(bits)}`);
    lines.push('Secure Renegotiation IS NOT supported', 'Compression: NONE', 'Expansion: NONE');
  }
  lines.push(alpn ? `ALPN protocol: ${new TextDecoder().decode(alpn)}` : 'No ALPN negotiated');
  if (full) {
    lines.push('Early data was not sent');
    lines.push(`Verify return code: ${verifyReturnCode(verify)}`);
    // TLS 1.3: the session is printed when a ticket arrives (the new-session callback).
    const session = SSL_get_session(ssl);
    if (session && SSL_version(ssl) !== TLS1_3_VERSION)
      lines.push('---', ...sessionBlock(ssl, session));
  }
  lines.push('---');
  return `${lines.join('\n')}\n`;
}

/** The part of `SSL_SESSION_print` s-client shows. */
function sessionBlock(ssl: SSL, session: SSL_SESSION): string[] {
  const cipher = SSL_get_current_cipher(ssl);
  const verify = SSL_get_verify_result(ssl);
  return [
    'SSL-Session:',
    `    Protocol  : ${SSL_get_version(ssl)}`,
    `    Cipher    : ${SSL_CIPHER_get_name(cipher)} (${SSL_CIPHER_get_bits(cipher)} bits)`,
    `    Session-ID: ${hex(SSL_SESSION_get_id(session))}`,
    `    Start Time: ${SSL_SESSION_get_time(session)}`,
    `    Timeout   : ${SSL_SESSION_get_timeout(session)} (sec)`,
    `    Verify return code: ${verifyReturnCode(verify)}`,
  ];
}

/** `Peer signing digest`/`Peer signature type` (s_client) or `Hash used`/`Signature type` (-brief). */
function peerKeyLines(ssl: SSL, digestLabel: string, typeLabel: string): string[] {
  const lines: string[] = [];
  const [hasDigest, digest] = SSL_get_peer_signature_nid(ssl);
  if (hasDigest) lines.push(`${digestLabel}: ${OBJ_nid2sn(digest)}`);
  const [hasType, type] = SSL_get_peer_signature_type_nid(ssl);
  if (hasType) lines.push(`${typeLabel}: ${SIG_TYPES[type] ?? 'UNKNOWN'}`);
  return lines;
}

/** s_client's `get_sigtype` names. */
const SIG_TYPES: Record<number, string> = {
  [EVP_PKEY_RSA]: 'RSA',
  [EVP_PKEY_RSA_PSS]: 'RSA-PSS',
  [EVP_PKEY_EC]: 'ECDSA',
  [EVP_PKEY_ED25519]: 'Ed25519',
  [EVP_PKEY_ED448]: 'Ed448',
};

/** s_client's `ssl_print_tmp_key`: `Server Temp Key: X25519, 253 bits` / `ECDH, prime256v1, 256 bits`. */
function tmpKeyLine(ssl: SSL): string | undefined {
  const key = SSL_get_peer_tmp_key(ssl);
  if (!key) return undefined;
  const id = EVP_PKEY_get_id(key);
  const bits = EVP_PKEY_get_bits(key);
  if (id === EVP_PKEY_EC) {
    return `Server Temp Key: ECDH, ${EVP_PKEY_get_group_name(key) ?? '?'}, ${bits} bits`;
  }
  return `Server Temp Key: ${OBJ_nid2sn(id)}, ${bits} bits`;
}

function describeKey(key: unknown): string {
  const k = key as { readonly kind?: string; readonly bits?: number; readonly curve?: string };
  if (typeof k.bits === 'number') return `${k.bits} bit`;
  return k.curve ?? k.kind ?? 'unknown';
}

function briefSummary(ssl: SSL): string {
  const chain = SSL_get_peer_cert_chain(ssl) ?? [];
  const alpn = SSL_get0_alpn_selected(ssl);
  const verify = SSL_get_verify_result(ssl);
  const leaf = chain[0];
  return [
    'CONNECTION ESTABLISHED',
    `Protocol version: ${SSL_get_version(ssl)}`,
    `Ciphersuite: ${SSL_CIPHER_get_name(SSL_get_current_cipher(ssl))}`,
    ...(leaf ? [`Peer certificate: ${subjectName(leaf)}`] : []),
    ...peerKeyLines(ssl, 'Hash used', 'Signature type'),
    `Verification: ${verify === 0 ? 'OK' : X509_verify_cert_error_string(verify)}`,
    ...(tmpKeyLine(ssl) ? [tmpKeyLine(ssl)!] : []),
    ...(alpn ? [`ALPN protocol: ${new TextDecoder().decode(alpn)}`] : []),
    `Session: ${SSL_session_reused(ssl) ? 'Reused' : 'New'}`,
    '',
  ].join('\n');
}

interface Connection {
  readonly ssl: SSL;
  readonly socket: Socket;
}

/** One TCP connection and handshake; prints errors and throws Exit(1) on failure. */
async function handshake(
  ctx: SSL_CTX,
  flags: Flags,
  host: string,
  port: number,
  session: SSL_SESSION | undefined,
  printConnected: boolean,
): Promise<Connection> {
  let socket: Socket;
  try {
    socket = await openSocket(host, port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    err(`connect:errno=${code}\n`);
    err(`error:${(e as Error).message}\n`);
    throw new Exit(1);
  }
  if (printConnected) out(`CONNECTED(${String(fdOf(socket)).padStart(8, '0')})\n`);
  const ssl = SSL_new(ctx);
  const sni = flags.get('servername') ?? (isIP(host) === 0 ? host : undefined);
  if (sni !== undefined && !flags.has('noservername')) SSL_set_tlsext_host_name(ssl, sni);
  if (session) SSL_set_session(ssl, session);
  strata_SSL_set_socket(ssl, socket);
  ERR_clear_error();
  const r = await strata_SSL_connect(ssl);
  if (r !== 1) {
    const e = SSL_get_error(ssl, r);
    printErrorQueue(e === SSL_ERROR_SYSCALL ? 'unexpected eof while reading' : 'handshake failed');
    socket.destroy();
    throw new Exit(1);
  }
  return { ssl, socket };
}

function fdOf(socket: Socket): number {
  const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
  return handle?.fd ?? 3;
}

/** Lets post-handshake messages (NewSessionTicket) arrive without consuming data. */
async function settle(ssl: SSL, ms: number): Promise<void> {
  const one = new Uint8Array(1);
  await strata_SSL_retry(ssl, (s) => SSL_peek(s, one), AbortSignal.timeout(ms)).catch(() => 0);
}

async function closeQuietly(c: Connection): Promise<void> {
  SSL_shutdown(c.ssl);
  await new Promise<void>((resolve) => {
    c.socket.end(() => resolve());
    setTimeout(resolve, 500).unref();
  });
  c.socket.destroy();
  SSL_free(c.ssl);
}

export async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, SPEC);
  if (flags.has('help')) {
    out(usage('s-client', SPEC));
    return 0;
  }
  const { host, port } = parseTarget(flags.get('connect') ?? 'localhost:4433');
  const ctx = setupContext(flags);
  const quiet = flags.has('quiet');
  const brief = flags.has('brief');
  const ignEof = (quiet || flags.has('ign_eof')) && !flags.has('no_ign_eof');
  const sessIn = flags.get('sess_in');
  let session = sessIn === undefined ? undefined : readSession(sessIn);

  let conn = await handshake(ctx, flags, host, port, session, !quiet && !brief);
  if (flags.has('msg') && msgLines === 0) {
    err(
      's-client: -msg: no messages were reported (the facade does not call SSL_CTX_set_msg_callback yet)\n',
    );
  }
  // As s_client: the -brief block and the verify trace go to stderr, the summary to stdout.
  if (!quiet) (brief ? err : out)(brief ? briefSummary(conn.ssl) : summary(conn.ssl, true));

  const sessOut = flags.get('sess_out');
  if (flags.has('reconnect') || sessOut !== undefined) await settle(conn.ssl, 300);
  if (sessOut !== undefined) {
    const s = SSL_get1_session(conn.ssl);
    if (s) writeSession(sessOut, s);
    else err('error:no session to write to -sess_out\n');
  }
  if (flags.has('reconnect')) {
    session = SSL_get1_session(conn.ssl) ?? undefined;
    for (let i = 0; i < 5; i++) {
      await closeQuietly(conn);
      if (!quiet) out('drop connection and then reconnect\n');
      conn = await handshake(ctx, flags, host, port, session, !quiet && !brief);
      if (!quiet) (brief ? err : out)(brief ? briefSummary(conn.ssl) : summary(conn.ssl, false));
      await settle(conn.ssl, 200);
      session = SSL_get1_session(conn.ssl) ?? session;
    }
  }
  return dataPhase(conn, { quiet, ignEof });
}

/** stdin → server, server → stdout, until either side closes. */
function dataPhase(
  conn: Connection,
  options: { quiet: boolean; ignEof: boolean },
): Promise<number> {
  const { ssl, socket } = conn;
  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      kick.abort();
      process.stdin.pause();
      socket.end(() => socket.destroy());
      setTimeout(() => socket.destroy(), 500).unref();
      resolve(code);
    };
    let writes = Promise.resolve();
    let kick = new AbortController();
    process.stdin.on('data', (chunk: Buffer) => {
      const data = new Uint8Array(chunk);
      writes = writes.then(async () => {
        if (finished) return;
        const r = await strata_SSL_write(ssl, data);
        kick.abort();
        if (r <= 0) {
          printErrorQueue('write failed');
          finish(1);
        }
      });
    });
    process.stdin.on('end', () => {
      if (options.ignEof) return;
      writes = writes.then(() => {
        if (finished) return;
        if (!options.quiet) out('DONE\n');
        SSL_shutdown(ssl); // close_notify
        finish(0);
      });
    });
    (async () => {
      const buf = new Uint8Array(16384);
      for (;;) {
        if (finished) return;
        const n = SSL_read(ssl, buf);
        if (n > 0) {
          process.stdout.write(buf.slice(0, n));
          continue;
        }
        const e = SSL_get_error(ssl, n);
        if (e === SSL_ERROR_WANT_READ || e === SSL_ERROR_WANT_WRITE) {
          // A write may process records too (and buffer data), so it wakes this wait.
          kick = new AbortController();
          const bio = e === SSL_ERROR_WANT_READ ? SSL_get_rbio(ssl) : SSL_get_wbio(ssl);
          const want = e === SSL_ERROR_WANT_READ ? BIO_FLAGS_READ : BIO_FLAGS_WRITE;
          if (bio) await strata_BIO_wait(bio, want, kick.signal).catch(() => undefined);
          continue;
        }
        if (e === SSL_ERROR_ZERO_RETURN) {
          if (!options.quiet) out('closed\n');
          SSL_shutdown(ssl);
          finish(0);
        } else if (e === SSL_ERROR_SSL || ERR_peek_error() !== 0) {
          printErrorQueue('read failed');
          finish(1);
        } else {
          if (!options.quiet) out('read:errno=0\n');
          finish(0);
        }
        return;
      }
    })().catch((e: unknown) => {
      err(`error:${e instanceof Error ? e.message : String(e)}\n`);
      finish(1);
    });
  });
}
