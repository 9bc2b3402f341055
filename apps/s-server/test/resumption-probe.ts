// Does the facade resume sessions yet? Asked of the facade itself, over a BIO
// pair in memory: a first handshake, then a second one offering its session.
// The -reconnect tests run only when it does (their skip says why otherwise).
// s-client's tests use it too, through `s-server/app-peers`; it stays exported as
// `s-server/resumption-probe` (tooling/test-peers/README.md names it there).
import {
  type SSL,
  type SSL_CTX,
  SSL_get1_session,
  SSL_read,
  type SSL_SESSION,
  SSL_session_reused,
} from '@strata/openssl/node';
import type { TestPki } from '@strata/test-peers';
import { handshakeOverBioPair, pairContexts } from 'openssl-cli-kit/testing';

function connectOnce(cctx: SSL_CTX, sctx: SSL_CTX, session: SSL_SESSION | null): SSL {
  const { client } = handshakeOverBioPair(cctx, sctx, session);
  // Let post-handshake tickets reach the client.
  SSL_read(client, new Uint8Array(1));
  return client;
}

export function facadeResumes(pki: TestPki): boolean {
  try {
    const { sctx, cctx } = pairContexts(pki);
    const first = connectOnce(cctx, sctx, null);
    const session = SSL_get1_session(first);
    if (!session) return false;
    return SSL_session_reused(connectOnce(cctx, sctx, session)) === 1;
  } catch {
    return false;
  }
}
