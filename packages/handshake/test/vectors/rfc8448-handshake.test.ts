// RFC 8448 §3 "Simple 1-RTT Handshake" reproduced by the engines byte for
// byte, with the trace's randoms, ephemeral keys, certificate and RSA key.
//
// What the engine does not produce on its own, and a MessageHooks edit adds:
// the trace's ClientHello also offers secp521r1/ffdhe groups, DSA/SHA-1
// signature schemes, renegotiation_info and session_ticket (TLS 1.2 leftovers
// of NSS), and its EncryptedExtensions lists the server's supported_groups.
// Everything else (random, key share, suites, SNI, versions, PSK modes,
// record_size_limit, extension order, the whole server flight) is the
// engine's own output.
import { type CryptoProvider, nobleProvider } from '@strata/crypto';
import { RecordReader, RecordWriter, tls13Keys } from '@strata/record';
import { concatBytes, fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import { ServerConnection } from '../../src/server/connection.js';
import { certificateVerifyContent } from '../../src/tls13/signed-content.js';
import { splitRecords } from '../helpers.js';
import * as trace from './rfc8448.js';
import {
  record,
  replayThen,
  TRACE_CLIENT,
  TRACE_TIME,
  traceCertifiedKey,
  traceClientHello,
  traceEncryptedExtensions,
} from './rfc8448-hooks.js';
import * as keys from './rfc8448-keys.js';

const sha256 = nobleProvider.hashes.sha256;
const suite = nobleProvider.cipherSuites.find((s) => s.code === 0x1301)!;
if (suite.version !== 'TLS1.3') throw new Error('no TLS_AES_128_GCM_SHA256');

/** The trace's protected records, rebuilt with its traffic secrets (AEAD is deterministic). */
function protect(secret: Uint8Array, messages: string[]): Uint8Array {
  const writer = new RecordWriter();
  writer.installKeys(tls13Keys(suite, secret));
  writer.writeHandshake(messages.map((m) => fromHex(m)));
  return writer.takeOutput();
}

/** Decrypts protected handshake records with a trace secret; returns the handshake bytes. */
function unprotect(secret: Uint8Array, bytes: Uint8Array): string {
  const reader = new RecordReader();
  reader.installKeys(tls13Keys(suite, secret));
  reader.push(bytes);
  const out: Uint8Array[] = [];
  for (let ev = reader.read(); ev; ev = reader.read()) {
    if (ev.type === 'handshake') out.push(ev.message.encoded);
  }
  return toHex(concatBytes(...out));
}

function traceClient(keyLog?: (label: string, secret: Uint8Array) => void) {
  return new ClientConnection({
    provider: {
      ...nobleProvider,
      random: replayThen([keys.clientRandom, keys.clientX25519Private], 'c'),
    },
    ...TRACE_CLIENT,
    middleboxCompat: false,
    verifyMode: 'none',
    now: () => TRACE_TIME,
    hooks: { clientHello: traceClientHello({ sessionTicket: true }) },
    ...(keyLog ? { keyLog: (label, _random, secret) => keyLog(label, secret) } : {}),
  });
}

describe('RFC 8448 §3 simple 1-RTT, client side', () => {
  it('sends the trace ClientHello byte for byte', () => {
    const client = traceClient();
    const out = client.takeOutput();
    expect(toHex(out)).toBe(toHex(record(22, 0x0301, fromHex(trace.s3ClientHello))));
  });

  it('accepts the trace server flight, verifies it and sends the trace client Finished', () => {
    const secrets: Record<string, string> = {};
    const client = traceClient((label, secret) => {
      secrets[label] = toHex(secret);
    });
    client.takeOutput();
    client.receive(record(22, 0x0303, fromHex(trace.s3ServerHello)));
    client.receive(
      protect(keys.serverHandshakeTrafficSecret, [
        trace.s3EncryptedExtensions,
        trace.s3Certificate,
        trace.s3CertificateVerify,
        trace.s3ServerFinished,
      ]),
    );
    const events = client.takeEvents();
    expect(events.filter((e) => e.type === 'alert_sent')).toEqual([]);
    expect(client.handshakeComplete).toBe(true);
    expect(client.negotiated.signatureScheme?.name).toBe('rsa_pss_rsae_sha256');
    expect(client.negotiated.group?.name).toBe('x25519');
    expect(unprotect(keys.clientHandshakeTrafficSecret, client.takeOutput())).toBe(
      trace.s3ClientFinished,
    );
    expect(secrets['CLIENT_HANDSHAKE_TRAFFIC_SECRET']).toBe(
      toHex(keys.clientHandshakeTrafficSecret),
    );
    expect(secrets['SERVER_HANDSHAKE_TRAFFIC_SECRET']).toBe(
      toHex(keys.serverHandshakeTrafficSecret),
    );
    expect(secrets['CLIENT_TRAFFIC_SECRET_0']).toBe(
      '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5',
    );
  });
});

describe('RFC 8448 §3 simple 1-RTT, server side', () => {
  const salt = keys.pssSalt(sha256, fromHex(trace.s3CertificateVerify).subarray(8));
  const provider: CryptoProvider = {
    ...nobleProvider,
    random: replayThen([keys.serverRandom, keys.serverX25519Private, salt], 's'),
    // nobleProvider refuses 1024-bit RSA keys; the trace's key is one.
    sign: (algorithm, key, message, random) =>
      algorithm.kind === 'rsa-pss' && key === keys.rsaPrivateKey
        ? keys.pssSign(sha256, message, random(32))
        : nobleProvider.sign(algorithm, key, message, random),
  };

  it('re-signs the trace CertificateVerify exactly with the recovered salt', () => {
    const transcript = sha256.digest(
      fromHex(
        trace.s3ClientHello +
          trace.s3ServerHello +
          trace.s3EncryptedExtensions +
          trace.s3Certificate,
      ),
    );
    const content = certificateVerifyContent('server', transcript);
    expect(toHex(keys.pssSign(sha256, content, salt))).toBe(
      toHex(fromHex(trace.s3CertificateVerify).subarray(8)),
    );
  });

  it('answers the trace ClientHello with the trace flight byte for byte and accepts its Finished', () => {
    const server = new ServerConnection({
      provider,
      certificates: [traceCertifiedKey()],
      cipherSuites: [0x1301, 0x1302, 0x1303],
      signatureSchemes: [0x0804],
      recordSizeLimit: 0x4001,
      now: () => TRACE_TIME,
      hooks: { encryptedExtensions: traceEncryptedExtensions },
    });
    server.receive(record(22, 0x0301, fromHex(trace.s3ClientHello)));
    expect(server.takeEvents()).toEqual([]);
    const [sh, ...rest] = splitRecords(server.takeOutput());
    expect(toHex(sh!)).toBe(toHex(record(22, 0x0303, fromHex(trace.s3ServerHello))));
    expect(rest).toHaveLength(1);
    expect(unprotect(keys.serverHandshakeTrafficSecret, rest[0]!)).toBe(
      trace.s3EncryptedExtensions +
        trace.s3Certificate +
        trace.s3CertificateVerify +
        trace.s3ServerFinished,
    );
    server.receive(protect(keys.clientHandshakeTrafficSecret, [trace.s3ClientFinished]));
    expect(server.takeEvents()).toEqual([{ type: 'handshake_complete' }]);
    expect(server.handshakeComplete).toBe(true);
  });
});
