/**
 * Test helpers the apps' tests share (entry `openssl-cli-kit/testing`): a
 * server and a client `SSL_CTX` for a test PKI, and a whole handshake between
 * them over an in-memory BIO pair, as a C test would write it.
 */
import {
  BIO_new_bio_pair,
  type SSL,
  type SSL_CTX,
  SSL_CTX_load_verify_locations,
  SSL_CTX_new,
  SSL_CTX_use_certificate_chain_file,
  SSL_CTX_use_PrivateKey_file,
  SSL_do_handshake,
  SSL_FILETYPE_PEM,
  SSL_new,
  type SSL_SESSION,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_set_session,
  TLS_client_method,
  TLS_server_method,
} from '@strata/openssl/node';

/** The files `pairContexts` reads (a subset of `@strata/test-peers`' `TestPki`). */
export interface PairPki {
  /** PEM file of the CA the client trusts. */
  readonly ca: string;
  /** The server's certificate chain and private key (PEM files). */
  readonly serverEc: { readonly cert: string; readonly key: string };
}

/** A server context with `pki.serverEc` and a client context trusting `pki.ca`. */
export function pairContexts(pki: PairPki): { sctx: SSL_CTX; cctx: SSL_CTX } {
  const sctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate_chain_file(sctx, pki.serverEc.cert);
  SSL_CTX_use_PrivateKey_file(sctx, pki.serverEc.key, SSL_FILETYPE_PEM);
  const cctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(cctx, pki.ca, null);
  return { sctx, cctx };
}

/**
 * A client of `cctx` and a server of `sctx` over a BIO pair, the client
 * offering `session` when given; `SSL_do_handshake` on both, turn about,
 * until both return 1 or 10 rounds have passed (the caller checks the result).
 */
export function handshakeOverBioPair(
  cctx: SSL_CTX,
  sctx: SSL_CTX,
  session: SSL_SESSION | null = null,
): { client: SSL; server: SSL } {
  const client = SSL_new(cctx);
  const server = SSL_new(sctx);
  const [, c, s] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(client, c, c);
  SSL_set_bio(server, s, s);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);
  if (session) SSL_set_session(client, session);
  for (let i = 0; i < 10; i++) {
    const a = SSL_do_handshake(client);
    const b = SSL_do_handshake(server);
    if (a === 1 && b === 1) break;
  }
  return { client, server };
}
