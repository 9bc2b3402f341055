// RFC 8448 §4 "Resumed 0-RTT Handshake", server side: our server receives the
// trace's ClientHello (PSK identity = the §3 ticket, binder), verifies the
// binder, checks the ticket age, selects identity 0 and answers with the
// trace's ServerHello byte for byte; with the trace's EncryptedExtensions
// (which accept early data, so they come from a hook: Strata's server does
// not accept 0-RTT) its server Finished is the trace's too, which checks the
// resumed key schedule (early secret from the PSK, handshake secret with the
// x25519 exchange, server handshake traffic secret, finished key) and the
// transcript. The rest of §4 is 0-RTT (EndOfEarlyData), which Strata does not do.
import { nobleProvider } from '@strata/crypto';
import { replayRandom } from '@strata/crypto/testing';
import { type TicketIssuer, type TicketOpenResult, Tls13Session } from '@strata/session';
import { concatBytes, equalBytes, fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import type { EncryptedExtensions } from '../../src/msgs/encrypted-extensions.js';
import { decodeHandshakeMessage } from '../../src/msgs/handshake-message.js';
import type { NewSessionTicket } from '../../src/msgs/new-session-ticket.js';
import type { ServerHello } from '../../src/msgs/server-hello.js';
import { ServerConnection } from '../../src/server/connection.js';
import { alertSent, certified, openHandshake, secretsSink, splitRecords } from '../helpers.js';
import * as trace from './rfc8448.js';
import { h } from './rfc8448-hooks.js';

/** §4 {server} create an ephemeral x25519 key pair: the private key. */
const serverX25519Private = h(
  'de 5b 44 76 e7 b4 90 b2 65 2d 33 8a cb f2 94 80 66 f2 55 f9 44 0e 23 b9 8f c6 98 35 29 8d c1 07',
);
/** The ticket's PSK, as in the client-side test (HKDF-Expand-Label(res_master, "resumption", 00 00)). */
const psk = h(
  '4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3',
);
const serverHello = fromHex(trace.s4ServerHello);
/** ServerHello.random: the 32 bytes after the 4-byte header and legacy_version. */
const serverRandom = serverHello.slice(6, 38);

const nst = decodeHandshakeMessage(fromHex(trace.s3NewSessionTicket)).parsed as NewSessionTicket;
const issued = Date.UTC(2018, 0, 1);

/** The server's session behind the §3 ticket (the trace's server keeps it; here a one-entry issuer). */
function traceIssuer(psKey: Uint8Array): TicketIssuer {
  const session = new Tls13Session({
    cipherSuite: 0x1301,
    createdAtMs: issued,
    timeoutSeconds: nst.ticketLifetime,
    psk: psKey,
    ticketAgeAdd: nst.ticketAgeAdd,
    ticketLifetimeSeconds: nst.ticketLifetime,
  });
  const inspect = (ticket: Uint8Array): TicketOpenResult =>
    equalBytes(ticket, nst.ticket) ? { status: 'ok', session } : { status: 'unknown' };
  return {
    stateful: false,
    issue: () => {
      throw new Error('not used');
    },
    inspect,
    open: (t) => {
      const r = inspect(t);
      return r.status === 'ok' ? r.session : undefined;
    },
  };
}

function server(psKey: Uint8Array, nowMs: number, fullHandshake = false) {
  const replay = replayRandom([serverRandom, serverX25519Private]);
  // A full handshake also signs (the signature's randomness is not the trace's).
  const random = Object.assign(
    (n: number) =>
      fullHandshake && replay.remaining() === 0 ? nobleProvider.random(n) : replay(n),
    { remaining: () => replay.remaining() },
  );
  const { secrets, keyLog } = secretsSink();
  const ee = decodeHandshakeMessage(fromHex(trace.s4EncryptedExtensions))
    .parsed as EncryptedExtensions;
  const order = ['pre_shared_key', 'key_share', 'supported_versions'];
  const connection = new ServerConnection({
    provider: { ...nobleProvider, random },
    certificates: [certified('server-p256')],
    cipherSuites: [0x1301],
    groups: [0x001d],
    now: () => nowMs,
    keyLog,
    tickets: { issuer: traceIssuer(psKey), count: 0 },
    hooks: {
      // The trace's extension order (NSS): pre_shared_key, key_share, supported_versions.
      serverHello: (sh: ServerHello) => ({
        ...sh,
        extensions: [...sh.extensions].sort(
          (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind),
        ),
      }),
      encryptedExtensions: () => ee,
    },
  });
  const hello = fromHex(trace.s4ClientHelloPrefix + trace.s4Binders);
  connection.receive(
    concatBytes(new Uint8Array([22, 3, 1, hello.length >> 8, hello.length & 0xff]), hello),
  );
  return { connection, secrets, random };
}

describe('RFC 8448 §4 resumed handshake, server side', () => {
  it('verifies the binder, selects identity 0: ServerHello and server Finished byte for byte', () => {
    const { connection, secrets, random } = server(psk, issued + 6);
    expect(alertSent(connection.takeEvents())).toBeUndefined();
    expect(random.remaining()).toBe(0);
    const [shRecord, ...rest] = splitRecords(connection.takeOutput());
    expect(toHex(shRecord!.subarray(5))).toBe(trace.s4ServerHello);
    expect(connection.negotiated.resumed).toBe(true);
    expect(connection.negotiated.pskMode).toBe('psk_dhe_ke');
    const secret = secrets.get('SERVER_HANDSHAKE_TRAFFIC_SECRET')!;
    const messages = openHandshake(concatBytes(...rest), 0x1301, secret);
    expect(messages.map((m) => toHex(m.encoded))).toEqual([
      trace.s4EncryptedExtensions,
      trace.s4ServerFinished,
    ]);
  });

  it('ends with decrypt_error when the session holds another PSK (the binder no longer verifies)', () => {
    const wrong = psk.slice();
    wrong[0]! ^= 1;
    const { connection } = server(wrong, issued + 6);
    expect(alertSent(connection.takeEvents())).toBe('decrypt_error');
  });

  it('does a full handshake when the ticket age is outside the window (the trace client says 6 ms)', () => {
    const { connection } = server(psk, issued + 60_000, true);
    expect(alertSent(connection.takeEvents())).toBeUndefined();
    expect(connection.negotiated.resumed).toBeUndefined();
    const [shRecord] = splitRecords(connection.takeOutput());
    const sh = decodeHandshakeMessage(shRecord!.slice(5)).parsed as ServerHello;
    expect(sh.extensions.map((e) => e.kind)).not.toContain('pre_shared_key');
  });
});
