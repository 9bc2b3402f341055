// RFC 8448 §5 "HelloRetryRequest" replayed through both engines byte for
// byte: both ClientHellos, the HelloRetryRequest, the ServerHello, every
// protected record (server flight, client Finished, both close_notify), with
// the trace's randoms and ephemeral keys.
//
// As in §3, MessageHooks add what the engines do not produce themselves: the
// trace client's extra offers (DSA/SHA-1 schemes, renegotiation_info), the
// server's supported_groups in EncryptedExtensions, and the server's cookie
// (Strata's server sends no cookie of its own; with one added, it checks the
// echo).
import { type CryptoProvider, nobleProvider } from '@strata/crypto';
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import type { ClientHello } from '../../src/msgs/client-hello.js';
import type { EncryptedExtensions } from '../../src/msgs/encrypted-extensions.js';
import {
  decodeHandshakeMessage,
  encodeHandshakeMessage,
} from '../../src/msgs/handshake-message.js';
import type { HelloRetryRequest } from '../../src/msgs/server-hello.js';
import { ServerConnection } from '../../src/server/connection.js';
import { splitRecords } from '../helpers.js';
import * as trace from './rfc8448.js';
import {
  record,
  replayThen,
  TRACE_CLIENT,
  TRACE_CLIENT_GROUPS,
  TRACE_TIME,
  traceCertifiedKey,
  traceClientHello,
} from './rfc8448-hooks.js';
import * as keys from './rfc8448-keys.js';
import * as s5 from './rfc8448-s5.js';

const sha256 = nobleProvider.hashes.sha256;
/** The 48-byte seed from which @strata/crypto derives exactly the P-256 scalar `d` (d = seed mod (n-1) + 1). */
function p256Seed(d: Uint8Array): Uint8Array {
  let x = BigInt(`0x${toHex(d)}`) - 1n;
  const out = new Uint8Array(48);
  for (let i = 47; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

const hs = (hex: string, version = 0x0303) => record(22, version, fromHex(hex));

const hrrMessage = decodeHandshakeMessage(fromHex(trace.s5HelloRetryRequest))
  .parsed as HelloRetryRequest;
const cookie = hrrMessage.extensions.find((e) => e.kind === 'cookie')!.value as Uint8Array;

describe('RFC 8448 §5 HelloRetryRequest, client side', () => {
  it('sends both ClientHellos, the Finished and close_notify of the trace byte for byte', () => {
    const client = new ClientConnection({
      provider: {
        ...nobleProvider,
        random: replayThen(
          [s5.clientRandom, s5.clientX25519Private, p256Seed(s5.clientP256Private)],
          'c5',
        ),
      },
      ...TRACE_CLIENT,
      groups: TRACE_CLIENT_GROUPS,
      middleboxCompat: false,
      padding: true,
      verifyMode: 'none',
      now: () => TRACE_TIME,
      hooks: { clientHello: traceClientHello({ groups: false }) },
    });
    expect(toHex(client.takeOutput())).toBe(toHex(hs(trace.s5ClientHello1, 0x0301)));
    client.receive(hs(trace.s5HelloRetryRequest));
    expect(toHex(client.takeOutput())).toBe(toHex(hs(trace.s5ClientHello2)));
    client.receive(hs(trace.s5ServerHello));
    client.receive(s5.serverFlightRecord);
    expect(client.takeEvents()).toEqual([{ type: 'handshake_complete' }]);
    expect(client.negotiated.helloRetry).toBe(true);
    expect(client.negotiated.group?.name).toBe('secp256r1');
    expect(toHex(client.takeOutput())).toBe(toHex(s5.clientFinishedRecord));
    client.close();
    expect(toHex(client.takeOutput())).toBe(toHex(s5.clientCloseNotifyRecord));
    client.receive(s5.serverCloseNotifyRecord);
    expect(client.peerClosed && client.closed).toBe(true);
  });
});

describe('RFC 8448 §5 HelloRetryRequest, server side', () => {
  const cv = fromHex(trace.s5ServerFlight);
  const at = toHex(cv).indexOf('0f000084') / 2;
  const salt = keys.pssSalt(sha256, cv.subarray(at + 8, at + 8 + 128));
  const provider: CryptoProvider = {
    ...nobleProvider,
    random: replayThen([s5.serverRandom, p256Seed(s5.serverP256Private), salt], 's5'),
    sign: (algorithm, key, message, random) =>
      algorithm.kind === 'rsa-pss' && key === keys.rsaPrivateKey
        ? keys.pssSign(sha256, message, random(32))
        : nobleProvider.sign(algorithm, key, message, random),
  };

  function traceServer() {
    return new ServerConnection({
      provider,
      certificates: [traceCertifiedKey()],
      cipherSuites: [0x1301, 0x1302, 0x1303],
      groups: [0x0017, 0x0018],
      signatureSchemes: [0x0804],
      recordSizeLimit: 0x4001,
      now: () => TRACE_TIME,
      hooks: {
        helloRetryRequest: (hrr: HelloRetryRequest): HelloRetryRequest => ({
          ...hrr,
          extensions: [
            hrr.extensions[0]!,
            { kind: 'cookie', value: cookie },
            ...hrr.extensions.slice(1),
          ],
        }),
        encryptedExtensions: (ee: EncryptedExtensions): EncryptedExtensions => ({
          ...ee,
          extensions: [
            { kind: 'supported_groups', value: [0x0017, 0x0018, 0x001d] },
            ...ee.extensions,
          ],
        }),
      },
    });
  }

  it('answers with the trace HelloRetryRequest, ServerHello and protected flight byte for byte', () => {
    const server = traceServer();
    server.receive(hs(trace.s5ClientHello1, 0x0301));
    expect(toHex(server.takeOutput())).toBe(toHex(hs(trace.s5HelloRetryRequest)));
    server.receive(hs(trace.s5ClientHello2));
    const [sh, flight, ...more] = splitRecords(server.takeOutput());
    expect(more).toEqual([]);
    expect(toHex(sh!)).toBe(toHex(hs(trace.s5ServerHello)));
    expect(toHex(flight!)).toBe(toHex(s5.serverFlightRecord));
    server.receive(s5.clientFinishedRecord);
    expect(server.takeEvents()).toEqual([{ type: 'handshake_complete' }]);
    server.receive(s5.clientCloseNotifyRecord);
    expect(server.peerClosed).toBe(true);
    server.close();
    expect(toHex(server.takeOutput())).toBe(toHex(s5.serverCloseNotifyRecord));
  });

  it('refuses a second ClientHello that does not echo the cookie with illegal_parameter', () => {
    const server = traceServer();
    server.receive(hs(trace.s5ClientHello1, 0x0301));
    server.takeOutput();
    const ch2 = decodeHandshakeMessage(fromHex(trace.s5ClientHello2)).parsed as ClientHello;
    const altered: ClientHello = {
      ...ch2,
      extensions: ch2.extensions.map((e) =>
        e.kind === 'cookie'
          ? { kind: 'cookie', value: cookie.map((b, i) => (i === 0 ? b ^ 1 : b)) }
          : e,
      ),
    };
    server.receive(record(22, 0x0303, encodeHandshakeMessage(altered)));
    const sent = server.takeEvents().find((e) => e.type === 'alert_sent');
    expect(sent && 'alert' in sent ? sent.alert : undefined).toBe('illegal_parameter');
    expect(server.error?.code).toBe('HANDSHAKE_COOKIE_MISMATCH');
  });
});
