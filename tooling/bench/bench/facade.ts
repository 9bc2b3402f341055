/**
 * OpenSSL-facade drivers: the same TLS 1.3 handshakes and transfers as the
 * engine rows of `strata.ts`, but made only of `@strata/openssl` calls
 * (SSL_CTX, SSL, a BIO pair, SSL_do_handshake, SSL_read/SSL_write), so
 * the difference between the two rows is what the facade costs.
 */
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  ERR_error_string,
  ERR_get_error,
  ERR_peek_error,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  type SSL,
  type SSL_CTX,
  SSL_CTX_get_cert_store,
  SSL_CTX_new,
  SSL_CTX_set_ciphersuites,
  SSL_CTX_set_max_proto_version,
  SSL_CTX_set_min_proto_version,
  SSL_CTX_set_mode,
  SSL_CTX_set_num_tickets,
  SSL_CTX_set_verify,
  SSL_CTX_set1_groups_list,
  SSL_CTX_set1_sigalgs_list,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_ERROR_SSL,
  SSL_ERROR_SYSCALL,
  SSL_ERROR_WANT_READ,
  SSL_ERROR_WANT_WRITE,
  SSL_ERROR_ZERO_RETURN,
  SSL_free,
  SSL_get_error,
  SSL_get_verify_result,
  SSL_MODE_NO_AUTO_CHAIN,
  SSL_new,
  SSL_read,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_set_tlsext_host_name,
  SSL_set1_host,
  SSL_VERIFY_PEER,
  SSL_write,
  TLS_client_method,
  TLS_server_method,
  TLS1_3_VERSION,
  X509_STORE_add_cert,
  X509_V_OK,
  X509_verify_cert_error_string,
} from '@strata/openssl';
import type { CertKind, CertSet } from './fixtures.js';
import type { GroupName, SuiteName } from './strata.js';

/** `SSL_CTX_set_ciphersuites` names of the suites in `SUITE_CODES` (strata.ts). */
export const SUITE_OPENSSL_NAMES: Readonly<Record<SuiteName, string>> = {
  aes128gcm: 'TLS_AES_128_GCM_SHA256',
  aes256gcm: 'TLS_AES_256_GCM_SHA384',
  chacha20poly1305: 'TLS_CHACHA20_POLY1305_SHA256',
};

/** `SSL_CTX_set1_groups_list` names of the groups in `GROUP_CODES` (strata.ts). */
export const GROUP_OPENSSL_NAMES: Readonly<Record<GroupName, string>> = {
  x25519: 'X25519',
  x25519mlkem768: 'X25519MLKEM768',
};

/** `SSL_CTX_set1_sigalgs_list` names of `SERVER_SCHEME` (strata.ts), per certificate kind. */
export const SERVER_SIGALG_NAMES: Readonly<Record<CertKind, string>> = {
  ecdsa_p256: 'ecdsa_secp256r1_sha256',
  rsa2048: 'rsa_pss_rsae_sha256',
};

export interface FacadeContexts {
  readonly client: SSL_CTX;
  readonly server: SSL_CTX;
}

function must(ok: number, what: string): void {
  if (ok !== 1) throw new Error(`facade: ${what} failed${drainErrors()}`);
}

/** The facade's error queue as `: line; line`, emptied (or '' when empty). */
function drainErrors(): string {
  const lines: string[] = [];
  for (let e = ERR_get_error(); e !== 0; e = ERR_get_error()) lines.push(ERR_error_string(e));
  return lines.length > 0 ? `: ${lines.join('; ')}` : '';
}

function pemBio(pem: string) {
  return BIO_new_mem_buf(new TextEncoder().encode(pem));
}

/**
 * Client and server contexts configured as `strataConfigs` configures the
 * engines: TLS 1.3 only, the one suite, the one group, the server signing
 * with `SERVER_SCHEME[kind]` from the certificate and key of `set`, the
 * client verifying the peer against the CA (`SSL_set1_host('localhost')`
 * per connection, in `handshakeViaFacade`).
 *
 * Differences from the facade's defaults, so that both rows do the same work:
 * - tickets: the facade's server sends 2 NewSessionTickets by default (as
 *   libssl); the engine rows' server is configured without an issuer and
 *   sends none, so `SSL_CTX_set_num_tickets(server, 0)`.
 * - chain: libssl's (and the facade's) automatic chain building would try to
 *   build the server's chain from the context's store on every handshake;
 *   the engine rows send the leaf alone, so `SSL_MODE_NO_AUTO_CHAIN`.
 */
export function facadeContexts(
  set: CertSet,
  kind: CertKind,
  group: GroupName,
  suite: SuiteName = 'aes128gcm',
): FacadeContexts {
  const client = SSL_CTX_new(TLS_client_method());
  const server = SSL_CTX_new(TLS_server_method());
  for (const ctx of [client, server]) {
    must(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION), 'SSL_CTX_set_min_proto_version');
    must(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION), 'SSL_CTX_set_max_proto_version');
    must(SSL_CTX_set_ciphersuites(ctx, SUITE_OPENSSL_NAMES[suite]), 'SSL_CTX_set_ciphersuites');
    must(SSL_CTX_set1_groups_list(ctx, GROUP_OPENSSL_NAMES[group]), 'SSL_CTX_set1_groups_list');
  }

  const cert = PEM_read_bio_X509(pemBio(set.certPem));
  const key = PEM_read_bio_PrivateKey(pemBio(set.keyPem));
  if (!cert || !key)
    throw new Error(`facade: cannot read the server certificate or key${drainErrors()}`);
  must(SSL_CTX_use_certificate(server, cert), 'SSL_CTX_use_certificate');
  must(SSL_CTX_use_PrivateKey(server, key), 'SSL_CTX_use_PrivateKey');
  must(SSL_CTX_set1_sigalgs_list(server, SERVER_SIGALG_NAMES[kind]), 'SSL_CTX_set1_sigalgs_list');
  must(SSL_CTX_set_num_tickets(server, 0), 'SSL_CTX_set_num_tickets');
  SSL_CTX_set_mode(server, SSL_MODE_NO_AUTO_CHAIN);

  const ca = PEM_read_bio_X509(pemBio(set.caPem));
  if (!ca) throw new Error(`facade: cannot read the CA certificate${drainErrors()}`);
  must(X509_STORE_add_cert(SSL_CTX_get_cert_store(client), ca), 'X509_STORE_add_cert');
  SSL_CTX_set_verify(client, SSL_VERIFY_PEER, null);
  return { client, server };
}

/** A client and a server SSL joined by a BIO pair. */
export interface FacadeHandle {
  readonly client: SSL;
  readonly server: SSL;
  /** `SSL_free` on both (which frees the BIO pair). */
  free(): void;
}

const ERROR_NAMES: ReadonlyMap<number, string> = new Map([
  [SSL_ERROR_SSL, 'SSL_ERROR_SSL'],
  [SSL_ERROR_WANT_READ, 'SSL_ERROR_WANT_READ'],
  [SSL_ERROR_WANT_WRITE, 'SSL_ERROR_WANT_WRITE'],
  [SSL_ERROR_SYSCALL, 'SSL_ERROR_SYSCALL'],
  [SSL_ERROR_ZERO_RETURN, 'SSL_ERROR_ZERO_RETURN'],
]);

function errorName(code: number): string {
  return ERROR_NAMES.get(code) ?? `SSL_get_error ${code}`;
}

/** One side's failure as text: the call, its result, SSL_get_error, the verify result, the error queue. */
function failure(what: string, client: SSL, ret: number, err: number): string {
  const verify = SSL_get_verify_result(client);
  const v =
    verify === X509_V_OK
      ? ''
      : `, verify result ${verify} (${X509_verify_cert_error_string(verify)})`;
  return `${what} returned ${ret} (${errorName(err)})${v}${drainErrors()}`;
}

/** Handshake steps allowed (each a call on both sides); a full TLS 1.3 handshake needs 2. */
const HANDSHAKE_STEPS = 64;

/**
 * One full handshake over a fresh BIO pair: `SSL_do_handshake` on the
 * client and the server in turn until both return 1. Throws, with the
 * `SSL_get_error` codes, the verify result and the error queue, when a side
 * fails or it has not completed within 64 steps.
 */
export function handshakeViaFacade(ctxs: FacadeContexts): FacadeHandle {
  // Stale errors on the (global) queue would turn any -1 into SSL_ERROR_SSL.
  if (ERR_peek_error() !== 0) drainErrors();
  const client = SSL_new(ctxs.client);
  const server = SSL_new(ctxs.server);
  const free = () => {
    SSL_free(client);
    SSL_free(server);
  };
  SSL_set1_host(client, 'localhost');
  // The engine rows send SNI (ClientConfig.serverName); the facade sends it only when told.
  SSL_set_tlsext_host_name(client, 'localhost');
  const [ok, c, s] = BIO_new_bio_pair(0, 0);
  if (ok !== 1) {
    free();
    throw new Error(`facade: BIO_new_bio_pair failed${drainErrors()}`);
  }
  SSL_set_bio(client, c, c);
  SSL_set_bio(server, s, s);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);

  let clientDone = false;
  let serverDone = false;
  for (let step = 0; step < HANDSHAKE_STEPS; step++) {
    if (!clientDone) {
      const r = SSL_do_handshake(client);
      if (r === 1) clientDone = true;
      else {
        const e = SSL_get_error(client, r);
        if (e !== SSL_ERROR_WANT_READ && e !== SSL_ERROR_WANT_WRITE) {
          const msg = failure('client SSL_do_handshake', client, r, e);
          free();
          throw new Error(`facade handshake failed: ${msg}`);
        }
      }
    }
    if (!serverDone) {
      const r = SSL_do_handshake(server);
      if (r === 1) serverDone = true;
      else {
        const e = SSL_get_error(server, r);
        if (e !== SSL_ERROR_WANT_READ && e !== SSL_ERROR_WANT_WRITE) {
          const msg = failure('server SSL_do_handshake', client, r, e);
          free();
          throw new Error(`facade handshake failed: ${msg}`);
        }
      }
    }
    if (clientDone && serverDone) return { client, server, free };
  }
  free();
  throw new Error(
    `facade handshake failed: not complete after ${HANDSHAKE_STEPS} steps (client ${clientDone ? 'done' : 'waiting'}, server ${serverDone ? 'done' : 'waiting'})${drainErrors()}`,
  );
}

/** SSL_read's destination, reused by every call (one record's plaintext at most per read). */
const READ_BUF = new Uint8Array(16_384);

/**
 * Reads everything `ssl` can read now into the shared buffer; returns the
 * byte count. `sink`, when given, sees each read (valid until the next).
 */
function drain(ssl: SSL, sink: ((data: Uint8Array) => void) | undefined): number {
  let got = 0;
  for (;;) {
    const n = SSL_read(ssl, READ_BUF);
    if (n > 0) {
      got += n;
      if (sink) sink(READ_BUF.subarray(0, n));
      continue;
    }
    const e = SSL_get_error(ssl, n);
    if (e === SSL_ERROR_WANT_READ) return got;
    throw new Error(`facade bulk: SSL_read returned ${n} (${errorName(e)})${drainErrors()}`);
  }
}

/**
 * Consecutive SSL_write attempts that would block while the reader got no
 * plaintext. One such round is normal (the pair held only the start of a
 * record: the reader takes it in and returns WANT_READ); more means no
 * progress.
 */
const MAX_STALLS = 4;

function send(
  from: SSL,
  to: SSL,
  bytes: number,
  chunk: Uint8Array,
  sink: ((data: Uint8Array) => void) | undefined,
): number {
  let received = 0;
  let stalls = 0;
  for (let sent = 0; sent < bytes; ) {
    const n = Math.min(chunk.length, bytes - sent);
    // The same buffer and length on every retry, as SSL_write's retry rule wants.
    const buf = n === chunk.length ? chunk : chunk.subarray(0, n);
    const w = SSL_write(from, buf);
    if (w > 0) {
      sent += w;
      received += drain(to, sink);
      stalls = 0;
      continue;
    }
    const e = SSL_get_error(from, w);
    if (e !== SSL_ERROR_WANT_WRITE) {
      throw new Error(`facade bulk: SSL_write returned ${w} (${errorName(e)})${drainErrors()}`);
    }
    const got = drain(to, sink);
    received += got;
    stalls = got > 0 ? 0 : stalls + 1;
    if (stalls > MAX_STALLS) {
      throw new Error(
        `facade bulk: no progress (SSL_write blocked, nothing to read) after ${sent} bytes`,
      );
    }
  }
  return received;
}

/**
 * Bulk over one facade connection: the client writes `bytes` in
 * `chunk`-sized `SSL_write` calls, draining the server with `SSL_read`
 * after each (and whenever the write would block); then the server sends
 * `bytes` back the same way. Returns the bytes received (2 × bytes when all
 * arrived). `sink` (tests) sees every piece read, client→server first.
 */
export function bulkViaFacade(
  handle: FacadeHandle,
  bytes: number,
  chunk: Uint8Array,
  sink?: (data: Uint8Array) => void,
): number {
  if (chunk.length === 0) throw new RangeError('bulkViaFacade: empty chunk');
  return (
    send(handle.client, handle.server, bytes, chunk, sink) +
    send(handle.server, handle.client, bytes, chunk, sink)
  );
}
