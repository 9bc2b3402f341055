/**
 * fast-check arbitraries for every handshake message and extension of the
 * codec. Each produces values in canonical form (what decoding returns), so
 * decode(encode(x)) must equal x.
 */
import fc from 'fast-check';
import {
  type Certificate,
  type CertificateRequest,
  type CertificateVerify,
  type ClientHello,
  type EncryptedExtensions,
  ExtensionType,
  type Finished,
  GREASE_VALUES,
  type HandshakeMessage,
  type HelloRetryRequest,
  type KeyUpdate,
  type MessageHash,
  type NewSessionTicket,
  type OpaqueExtension,
  type ServerHello,
  type UnknownHandshakeMessage,
} from '../src/index.js';

const bytes = (minLength: number, maxLength: number) => fc.uint8Array({ minLength, maxLength });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16List = (min: number, max: number) => fc.array(u16, { minLength: min, maxLength: max });

/** Extension codes unknown to the codec (and to the §4.2 table), GREASE included. */
export const unknownExtensionCode = fc.oneof(
  fc.constantFrom(...GREASE_VALUES),
  fc.integer({ min: 0x0100, max: 0xfcff }).filter((c) => !ExtensionType.has(c)),
);

function opaqueExtensions(max = 3): fc.Arbitrary<OpaqueExtension[]> {
  return fc.uniqueArray(
    fc.record({
      kind: fc.constant('opaque' as const),
      type: unknownExtensionCode,
      data: bytes(0, 20),
    }),
    { maxLength: max, selector: (e) => e.type },
  );
}

function ext<K extends string, V>(kind: K, value: fc.Arbitrary<V>) {
  return fc.option(
    value.map((v) => ({ kind, value: v }) as const),
    { nil: undefined },
  );
}

/** A list of optional typed extensions plus opaque ones, in random order. */
function block(
  typed: fc.Arbitrary<object | undefined>[],
  opaque = opaqueExtensions(),
): fc.Arbitrary<object[]> {
  return fc
    .tuple(fc.tuple(...typed), opaque)
    .map(([t, o]) => [...t.filter((e): e is object => e !== undefined), ...o])
    .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
}

const serverNames = fc.uniqueArray(
  fc.record({ nameType: fc.integer({ min: 0, max: 255 }), name: bytes(1, 30) }),
  { minLength: 1, maxLength: 3, selector: (n) => n.nameType },
);
const keyShareEntry = fc.record({ group: u16, keyExchange: bytes(1, 70) });
const statusRequest = fc.oneof(
  fc.record({
    statusType: fc.constant(1 as const),
    responderIds: fc.array(bytes(1, 10), { maxLength: 3 }),
    requestExtensions: bytes(0, 10),
  }),
  fc.record({
    statusType: fc.integer({ min: 0, max: 255 }).filter((t) => t !== 1),
    request: bytes(0, 10),
  }),
);
const certificateStatus = fc.oneof(
  fc.record({ statusType: fc.constant(1 as const), ocspResponse: bytes(1, 40) }),
  fc.record({
    statusType: fc.integer({ min: 0, max: 255 }).filter((t) => t !== 1),
    response: bytes(0, 10),
  }),
);
const protocolNames = fc.array(bytes(1, 12), { minLength: 1, maxLength: 4 });
const offeredPsks = fc
  .array(fc.tuple(fc.record({ identity: bytes(1, 40), obfuscatedTicketAge: u32 }), bytes(32, 48)), {
    minLength: 1,
    maxLength: 3,
  })
  .map((pairs) => ({ identities: pairs.map((p) => p[0]), binders: pairs.map((p) => p[1]) }));
const random = bytes(32, 32);
const sessionId = bytes(0, 32);
const recordSizeLimit = fc.integer({ min: 64, max: 0xffff });
const maxFragmentLength = fc.integer({ min: 1, max: 4 });
const distinguishedNames = fc.array(bytes(1, 20), { minLength: 1, maxLength: 3 });

export const clientHelloExtensions = block([
  ext('server_name', serverNames),
  ext('max_fragment_length', maxFragmentLength),
  ext('status_request', statusRequest),
  ext('supported_groups', u16List(1, 8)),
  ext('signature_algorithms', u16List(1, 8)),
  ext('application_layer_protocol_negotiation', protocolNames),
  ext('padding', bytes(0, 40)),
  ext('extended_master_secret', fc.constant(null)),
  ext('record_size_limit', recordSizeLimit),
  ext('early_data', fc.constant(null)),
  ext('cookie', bytes(1, 40)),
  ext(
    'psk_key_exchange_modes',
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  ),
  ext('certificate_authorities', distinguishedNames),
  ext('signature_algorithms_cert', u16List(1, 8)),
  ext('key_share', fc.uniqueArray(keyShareEntry, { maxLength: 3, selector: (e) => e.group })),
  ext('renegotiation_info', bytes(0, 12)),
]).chain((list) =>
  fc
    .tuple(u16List(1, 6), fc.option(offeredPsks, { nil: undefined }))
    .map(([versions, psk]) => [
      { kind: 'supported_versions' as const, value: versions },
      ...list,
      ...(psk ? [{ kind: 'pre_shared_key' as const, value: psk }] : []),
    ]),
);

export const clientHello: fc.Arbitrary<ClientHello> = fc.record({
  kind: fc.constant('client_hello' as const),
  legacyVersion: u16,
  random,
  legacySessionId: sessionId,
  cipherSuites: u16List(1, 10),
  legacyCompressionMethods: bytes(1, 3),
  extensions: fc.oneof(fc.constant([]), clientHelloExtensions),
}) as fc.Arbitrary<ClientHello>;

const tls13ServerHelloExtensions = block([
  ext('pre_shared_key', u16),
  ext('key_share', keyShareEntry),
]).map((list) => [{ kind: 'supported_versions' as const, value: 0x0304 }, ...list]);

const tls12ServerHelloExtensions = block([
  ext('server_name', fc.constant(null)),
  ext('max_fragment_length', maxFragmentLength),
  ext('status_request', fc.constant(null)),
  ext('application_layer_protocol_negotiation', bytes(1, 12)),
  ext('extended_master_secret', fc.constant(null)),
  ext('record_size_limit', recordSizeLimit),
  ext('renegotiation_info', bytes(0, 12)),
]);

export const serverHello: fc.Arbitrary<ServerHello> = fc.record({
  kind: fc.constant('server_hello' as const),
  legacyVersion: u16,
  random,
  legacySessionIdEcho: sessionId,
  cipherSuite: u16,
  legacyCompressionMethod: fc.integer({ min: 0, max: 255 }),
  extensions: fc.oneof(tls13ServerHelloExtensions, tls12ServerHelloExtensions),
}) as fc.Arbitrary<ServerHello>;

export const helloRetryRequest: fc.Arbitrary<HelloRetryRequest> = fc.record({
  kind: fc.constant('hello_retry_request' as const),
  legacyVersion: u16,
  legacySessionIdEcho: sessionId,
  cipherSuite: u16,
  legacyCompressionMethod: fc.integer({ min: 0, max: 255 }),
  extensions: block([ext('cookie', bytes(1, 40)), ext('key_share', u16)]).map((list) => [
    { kind: 'supported_versions' as const, value: 0x0304 },
    ...list,
  ]),
}) as fc.Arbitrary<HelloRetryRequest>;

export const encryptedExtensions: fc.Arbitrary<EncryptedExtensions> = fc.record({
  kind: fc.constant('encrypted_extensions' as const),
  extensions: block([
    ext('server_name', fc.constant(null)),
    ext('max_fragment_length', maxFragmentLength),
    ext('supported_groups', u16List(1, 8)),
    ext('application_layer_protocol_negotiation', bytes(1, 12)),
    ext('record_size_limit', recordSizeLimit),
    ext('early_data', fc.constant(null)),
  ]),
}) as fc.Arbitrary<EncryptedExtensions>;

export const certificateRequest: fc.Arbitrary<CertificateRequest> = fc.record({
  kind: fc.constant('certificate_request' as const),
  certificateRequestContext: bytes(0, 8),
  extensions: fc
    .tuple(
      u16List(1, 8),
      block([
        ext('status_request', statusRequest),
        ext('certificate_authorities', distinguishedNames),
        ext('signature_algorithms_cert', u16List(1, 8)),
      ]),
    )
    .map(([schemes, list]) => [{ kind: 'signature_algorithms' as const, value: schemes }, ...list]),
}) as fc.Arbitrary<CertificateRequest>;

export const certificate: fc.Arbitrary<Certificate> = fc.record({
  kind: fc.constant('certificate' as const),
  certificateRequestContext: bytes(0, 8),
  certificateList: fc.array(
    fc.record({
      certData: bytes(1, 80),
      extensions: block([ext('status_request', certificateStatus)], opaqueExtensions(2)),
    }),
    { maxLength: 4 },
  ),
}) as fc.Arbitrary<Certificate>;

export const certificateVerify: fc.Arbitrary<CertificateVerify> = fc.record({
  kind: fc.constant('certificate_verify' as const),
  algorithm: u16,
  signature: bytes(0, 100),
});

export const finished: fc.Arbitrary<Finished> = fc.record({
  kind: fc.constant('finished' as const),
  verifyData: bytes(12, 64),
});

export const newSessionTicket: fc.Arbitrary<NewSessionTicket> = fc.record({
  kind: fc.constant('new_session_ticket' as const),
  ticketLifetime: u32,
  ticketAgeAdd: u32,
  ticketNonce: bytes(0, 16),
  ticket: bytes(1, 80),
  extensions: block([ext('early_data', u32)]),
}) as fc.Arbitrary<NewSessionTicket>;

export const keyUpdate: fc.Arbitrary<KeyUpdate> = fc.record({
  kind: fc.constant('key_update' as const),
  requestUpdate: fc.constantFrom(0, 1),
});

export const messageHash: fc.Arbitrary<MessageHash> = fc.record({
  kind: fc.constant('message_hash' as const),
  hash: fc.constantFrom(32, 48, 64).chain((n) => bytes(n, n)),
});

const parsedTypes: ReadonlySet<number> = new Set([1, 2, 4, 5, 8, 11, 13, 15, 20, 24, 254]);

export const unknownHandshakeMessage: fc.Arbitrary<UnknownHandshakeMessage> = fc.record({
  kind: fc.constant('unknown' as const),
  type: fc.integer({ min: 0, max: 255 }).filter((t) => !parsedTypes.has(t)),
  body: bytes(0, 40),
});

/** Every message kind, named for test output. */
export const messages: Record<HandshakeMessage['kind'], fc.Arbitrary<HandshakeMessage>> = {
  client_hello: clientHello,
  server_hello: serverHello,
  hello_retry_request: helloRetryRequest,
  encrypted_extensions: encryptedExtensions,
  certificate_request: certificateRequest,
  certificate,
  certificate_verify: certificateVerify,
  finished,
  new_session_ticket: newSessionTicket,
  key_update: keyUpdate,
  end_of_early_data: fc.constant({ kind: 'end_of_early_data' as const }),
  message_hash: messageHash,
  unknown: unknownHandshakeMessage,
};

export const anyMessage: fc.Arbitrary<HandshakeMessage> = fc.oneof(...Object.values(messages));
