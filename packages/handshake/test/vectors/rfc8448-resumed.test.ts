// RFC 8448 §4 "Resumed 0-RTT Handshake", client side: from the §3
// NewSessionTicket, our client offers the trace's PSK and its ClientHello,
// binder included, is the trace's byte for byte. (The rest of §4 is 0-RTT,
// which Strata does not send; the client only offers early_data here
// through a hook, with the trace's other extra offers.)
import { nobleProvider } from '@strata/crypto';
import { replayRandom } from '@strata/crypto/testing';
import { Tls13Session } from '@strata/session';
import { concatBytes, fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import { decodeHandshakeMessage } from '../../src/msgs/handshake-message.js';
import type { NewSessionTicket } from '../../src/msgs/new-session-ticket.js';
import * as trace from './rfc8448.js';
import { h, TRACE_CLIENT, TRACE_CLIENT_GROUPS, traceClientHello } from './rfc8448-hooks.js';

const clientRandom = h(
  '1b c3 ce b6 bb e3 9c ff 93 83 55 b5 a5 0a db 6d b2 1b 7a 6a f6 49 d7 b4 bc 41 9d 78 76 48 7d 95',
);
const x25519Private = h(
  'bf f9 11 88 28 38 46 dd 6a 21 34 ef 71 80 ca 2b 0b 14 fb 10 dc e7 07 b5 09 8c 0d dd c8 13 b2 df',
);
/** The §3 ticket's PSK: HKDF-Expand-Label(resumption_master_secret, "resumption", 00 00, 32). */
const psk = h(
  '4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3',
);

describe('RFC 8448 §4 resumed handshake, client side', () => {
  it('offers the §3 ticket with the trace binder, ClientHello byte for byte', () => {
    const nst = decodeHandshakeMessage(fromHex(trace.s3NewSessionTicket))
      .parsed as NewSessionTicket;
    const issued = Date.UTC(2018, 0, 1);
    const session = new Tls13Session({
      cipherSuite: 0x1301,
      createdAtMs: issued,
      timeoutSeconds: nst.ticketLifetime,
      psk,
      ticketAgeAdd: nst.ticketAgeAdd,
      ticketLifetimeSeconds: nst.ticketLifetime,
      ticket: nst.ticket,
    });
    const random = replayRandom([clientRandom, x25519Private]);
    const client = new ClientConnection({
      provider: { ...nobleProvider, random },
      ...TRACE_CLIENT,
      groups: TRACE_CLIENT_GROUPS,
      middleboxCompat: false,
      padding: true,
      session,
      // The trace's obfuscated_ticket_age is ticket_age_add + 6 ms.
      now: () => issued + 6,
      hooks: { clientHello: traceClientHello({ earlyData: true }) },
    });
    const hello = fromHex(trace.s4ClientHelloPrefix + trace.s4Binders);
    const record = concatBytes(
      new Uint8Array([22, 3, 1, hello.length >> 8, hello.length & 0xff]),
      hello,
    );
    expect(toHex(client.takeOutput())).toBe(toHex(record));
    expect(random.remaining()).toBe(0);
  });
});
