import type { ResolvedServer } from '../config.js';
import type { EngineContext } from '../engine/context.js';
import { signCertificateVerify } from '../engine/signing.js';
import type { HandshakeState } from '../engine/state.js';
import { peerChainOf } from '../engine/tickets.js';
import type { ClientHello } from '../msgs/client-hello.js';
import { ProtocolVersion } from '../msgs/codes.js';
import type { EncryptedExtensions } from '../msgs/encrypted-extensions.js';
import type { EncryptedExtension } from '../msgs/extensions/contexts.js';
import { encodeHandshakeMessage, type HandshakeMessage } from '../msgs/handshake-message.js';
import type { ServerHello } from '../msgs/server-hello.js';
import { finishedVerifyData, KeyScheduleEarly } from '../tls13/key-schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { ExpectClientCertificate } from './expect-client-certificate.js';
import { ExpectClientFinished, type ServerHandshake } from './expect-client-finished.js';
import type { Choice } from './negotiate.js';
import type { AcceptedPsk } from './psk-accept.js';

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * The server's first flight, RFC 8446 §2: ServerHello, then under the
 * handshake keys EncryptedExtensions, [CertificateRequest], Certificate,
 * CertificateVerify, Finished. Afterwards the server writes with the
 * application keys and reads with the client's handshake keys.
 */
export function sendServerFlight(
  config: ResolvedServer,
  ch: ClientHello,
  choice: Choice,
  transcript: Transcript,
  ctx: EngineContext,
  psk?: AcceptedPsk,
): HandshakeState {
  const { suite, group, share } = choice;
  const random = ctx.provider.random(32);
  // psk_ke (RFC 8446 §4.2.9): no key share, the key schedule's (EC)DHE input is zeros.
  const dhe =
    psk?.mode === 'psk_ke' ? undefined : group.respond(share!.keyExchange, ctx.provider.random);
  let sh: ServerHello = {
    kind: 'server_hello',
    legacyVersion: ProtocolVersion.tls1_2,
    random,
    legacySessionIdEcho: ch.legacySessionId,
    cipherSuite: suite.code,
    legacyCompressionMethod: 0,
    extensions: [
      ...(dhe
        ? [
            {
              kind: 'key_share' as const,
              value: { group: group.code, keyExchange: dhe.publicKey },
            },
          ]
        : []),
      { kind: 'supported_versions' as const, value: ProtocolVersion.tls1_3 },
      ...(psk ? [{ kind: 'pre_shared_key' as const, value: psk.index }] : []),
    ],
  };
  if (config.hooks.serverHello) sh = config.hooks.serverHello(sh);
  transcript.add(ctx.send(sh).encoded);
  if (ch.legacySessionId.length > 0) ctx.middleboxCcs();

  const early = psk
    ? psk.early
    : KeyScheduleEarly.start(suite.hash, undefined, ctx.secretObserver());
  const schedule = early.intoHandshake(dhe?.sharedSecret, transcript.current());
  dhe?.sharedSecret.fill(0);
  ctx.installWriteKeys(suite, schedule.serverHandshakeTrafficSecret);

  const n = ctx.negotiated;
  n.version = ProtocolVersion.tls1_3;
  n.cipherSuite = suite;
  if (dhe) n.group = group;
  if (psk) {
    n.resumed = true;
    n.pskMode = psk.mode;
    n.peerCertificates = peerChainOf(psk.auth.session);
  } else {
    n.signatureScheme = choice.scheme;
  }
  if (choice.serverName !== undefined) n.serverName = choice.serverName;
  if (choice.alpn !== undefined) n.alpn = choice.alpn;

  const flight: Uint8Array[] = [];
  const add = (m: HandshakeMessage) => {
    const encoded = encodeHandshakeMessage(m);
    transcript.add(encoded);
    flight.push(encoded);
  };
  const ee: EncryptedExtension[] = [];
  if (choice.alpn !== undefined) {
    ee.push({ kind: 'application_layer_protocol_negotiation', value: encoder.encode(choice.alpn) });
  }
  if (choice.clientRecordSizeLimit !== undefined) {
    n.peerRecordSizeLimit = choice.clientRecordSizeLimit;
    ctx.writer.setRecordSizeLimit(choice.clientRecordSizeLimit);
    if (config.recordSizeLimit !== undefined) {
      ee.push({ kind: 'record_size_limit', value: config.recordSizeLimit });
      ctx.reader.setRecordSizeLimit(config.recordSizeLimit);
    }
  }
  if (choice.serverName !== undefined) ee.push({ kind: 'server_name', value: null });
  let encryptedExtensions: EncryptedExtensions = { kind: 'encrypted_extensions', extensions: ee };
  if (config.hooks.encryptedExtensions) {
    encryptedExtensions = config.hooks.encryptedExtensions(encryptedExtensions);
  }
  add(encryptedExtensions);
  // In PSK mode the server sends no CertificateRequest, Certificate or CertificateVerify.
  const requested = !psk && config.clientAuth !== 'none';
  if (requested) {
    add({
      kind: 'certificate_request',
      certificateRequestContext: new Uint8Array(0),
      extensions: [
        {
          kind: 'signature_algorithms',
          value: config.schemes.filter((s) => s.tls13).map((s) => s.code),
        },
        ...(config.certificateAuthorities.length > 0
          ? [{ kind: 'certificate_authorities' as const, value: config.certificateAuthorities }]
          : []),
      ],
    });
  }
  if (!psk) {
    add({
      kind: 'certificate',
      certificateRequestContext: new Uint8Array(0),
      certificateList: choice.certificate.chain.map((c) => ({ certData: c.der, extensions: [] })),
    });
    add(
      signCertificateVerify(
        ctx.provider,
        'server',
        choice.certificate,
        choice.scheme,
        transcript.current(),
      ),
    );
  }
  add({
    kind: 'finished',
    verifyData: finishedVerifyData(
      suite.hash,
      schedule.serverHandshakeTrafficSecret,
      transcript.current(),
    ),
  });
  ctx.sendEncoded(flight);
  const traffic = schedule.intoTraffic(transcript.current());
  ctx.installWriteKeys(suite, traffic.serverApplicationTrafficSecret);
  ctx.installReadKeys(suite, schedule.clientHandshakeTrafficSecret);
  // A client that could not process our ServerHello alerts in plaintext;
  // read such an alert until the client's first protected record (as OpenSSL).
  ctx.reader.allowPlaintextAlerts = true;
  const hs: ServerHandshake = { config, suite, transcript, schedule, traffic };
  if (psk) return new ExpectClientFinished(hs, psk.auth);
  if (!requested) return new ExpectClientFinished(hs, 'none');
  return new ExpectClientCertificate(hs);
}
