import {
  BIO_new_bio_pair,
  type SSL,
  SSL_do_handshake,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
} from '../src/index.js';

/**
 * Test-only: joins client `c` and server `s` over a fresh BIO pair and runs
 * SSL_do_handshake on each in turn until both return 1 (at most 10 rounds).
 */
export function handshakeOverPair(c: SSL, s: SSL): [SSL, SSL] {
  const [, a, b] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(c, a, a);
  SSL_set_bio(s, b, b);
  SSL_set_connect_state(c);
  SSL_set_accept_state(s);
  for (let i = 0; i < 10; i++) {
    const rc = SSL_do_handshake(c);
    const rs = SSL_do_handshake(s);
    if (rc === 1 && rs === 1) return [c, s];
  }
  throw new Error('handshake did not complete');
}
