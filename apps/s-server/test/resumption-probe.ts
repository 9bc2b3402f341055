// Does the facade resume sessions yet? Asked of the facade itself, over a BIO
// pair in memory: a first handshake, then a second one offering its session.
// The -reconnect tests run only when it does (their skip says why otherwise).
// s-client's tests use it too (package export `s-server/resumption-probe`).
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
  SSL_get1_session,
  SSL_new,
  SSL_read,
  type SSL_SESSION,
  SSL_session_reused,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_set_session,
  TLS_client_method,
  TLS_server_method,
} from '@strata/openssl/node';
import type { TestPki } from '@strata/test-peers';

function connectOnce(cctx: SSL_CTX, sctx: SSL_CTX, session: SSL_SESSION | null): SSL {
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
  // Let post-handshake tickets reach the client.
  SSL_read(client, new Uint8Array(1));
  return client;
}

export function facadeResumes(pki: TestPki): boolean {
  try {
    const sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki.serverEc.cert);
    SSL_CTX_use_PrivateKey_file(sctx, pki.serverEc.key, SSL_FILETYPE_PEM);
    const cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(cctx, pki.ca, null);
    const first = connectOnce(cctx, sctx, null);
    const session = SSL_get1_session(first);
    if (!session) return false;
    return SSL_session_reused(connectOnce(cctx, sctx, session)) === 1;
  } catch {
    return false;
  }
}
