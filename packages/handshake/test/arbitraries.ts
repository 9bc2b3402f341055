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

/**
 * Value arbitraries for every extension each message context parses, by
 * context and extension name: the same keys as the codec tables in
 * src/msgs/extensions/contexts.ts (a test checks that they match).
 */
export const extensionValues = {
  client_hello: {
    server_name: serverNames,
    max_fragment_length: maxFragmentLength,
    status_request: statusRequest,
    supported_groups: u16List(1, 8),
    signature_algorithms: u16List(1, 8),
    application_layer_protocol_negotiation: protocolNames,
    padding: bytes(0, 40),
    extended_master_secret: fc.constant(null),
    record_size_limit: recordSizeLimit,
    pre_shared_key: offeredPsks,
    early_data: fc.constant(null),
    supported_versions: u16List(1, 6),
    cookie: bytes(1, 40),
    psk_key_exchange_modes: fc.array(fc.integer({ min: 0, max: 255 }), {
      minLength: 1,
      maxLength: 4,
    }),
    certificate_authorities: distinguishedNames,
    signature_algorithms_cert: u16List(1, 8),
    key_share: fc.uniqueArray(keyShareEntry, { maxLength: 3, selector: (e) => e.group }),
    renegotiation_info: bytes(0, 12),
  },
  server_hello: {
    pre_shared_key: u16,
    supported_versions: fc.integer({ min: 0x0304, max: 0xffff }),
    key_share: keyShareEntry,
    server_name: fc.constant(null),
    max_fragment_length: maxFragmentLength,
    status_request: fc.constant(null),
    application_layer_protocol_negotiation: bytes(1, 12),
    extended_master_secret: fc.constant(null),
    record_size_limit: recordSizeLimit,
    renegotiation_info: bytes(0, 12),
  },
  hello_retry_request: {
    supported_versions: fc.integer({ min: 0x0304, max: 0xffff }),
    cookie: bytes(1, 40),
    key_share: u16,
  },
  encrypted_extensions: {
    server_name: fc.constant(null),
    max_fragment_length: maxFragmentLength,
    supported_groups: u16List(1, 8),
    application_layer_protocol_negotiation: bytes(1, 12),
    record_size_limit: recordSizeLimit,
    early_data: fc.constant(null),
  },
  certificate_request: {
    status_request: statusRequest,
    signature_algorithms: u16List(1, 8),
    certificate_authorities: distinguishedNames,
    signature_algorithms_cert: u16List(1, 8),
  },
  certificate: { status_request: certificateStatus },
  new_session_ticket: { early_data: u32 },
} as const;

const CH = extensionValues.client_hello;
const SH = extensionValues.server_hello;
const EE = extensionValues.encrypted_extensions;
const CR = extensionValues.certificate_request;

export const clientHelloExtensions = block([
  ext('server_name', CH.server_name),
  ext('max_fragment_length', CH.max_fragment_length),
  ext('status_request', CH.status_request),
  ext('supported_groups', CH.supported_groups),
  ext('signature_algorithms', CH.signature_algorithms),
  ext('application_layer_protocol_negotiation', CH.application_layer_protocol_negotiation),
  ext('padding', CH.padding),
  ext('extended_master_secret', CH.extended_master_secret),
  ext('record_size_limit', CH.record_size_limit),
  ext('early_data', CH.early_data),
  ext('cookie', CH.cookie),
  ext('psk_key_exchange_modes', CH.psk_key_exchange_modes),
  ext('certificate_authorities', CH.certificate_authorities),
  ext('signature_algorithms_cert', CH.signature_algorithms_cert),
  ext('key_share', CH.key_share),
  ext('renegotiation_info', CH.renegotiation_info),
]).chain((list) =>
  fc
    .tuple(CH.supported_versions, fc.option(CH.pre_shared_key, { nil: undefined }))
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

const tls13ServerHelloExtensions = fc
  .tuple(
    SH.supported_versions,
    block([ext('pre_shared_key', SH.pre_shared_key), ext('key_share', SH.key_share)]),
  )
  .map(([version, list]) => [{ kind: 'supported_versions' as const, value: version }, ...list]);

const tls12ServerHelloExtensions = block([
  ext('server_name', SH.server_name),
  ext('max_fragment_length', SH.max_fragment_length),
  ext('status_request', SH.status_request),
  ext('application_layer_protocol_negotiation', SH.application_layer_protocol_negotiation),
  ext('extended_master_secret', SH.extended_master_secret),
  ext('record_size_limit', SH.record_size_limit),
  ext('renegotiation_info', SH.renegotiation_info),
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
  extensions: fc
    .tuple(
      extensionValues.hello_retry_request.supported_versions,
      block([
        ext('cookie', extensionValues.hello_retry_request.cookie),
        ext('key_share', extensionValues.hello_retry_request.key_share),
      ]),
    )
    .map(([version, list]) => [{ kind: 'supported_versions' as const, value: version }, ...list]),
}) as fc.Arbitrary<HelloRetryRequest>;

export const encryptedExtensions: fc.Arbitrary<EncryptedExtensions> = fc.record({
  kind: fc.constant('encrypted_extensions' as const),
  extensions: block([
    ext('server_name', EE.server_name),
    ext('max_fragment_length', EE.max_fragment_length),
    ext('supported_groups', EE.supported_groups),
    ext('application_layer_protocol_negotiation', EE.application_layer_protocol_negotiation),
    ext('record_size_limit', EE.record_size_limit),
    ext('early_data', EE.early_data),
  ]),
}) as fc.Arbitrary<EncryptedExtensions>;

export const certificateRequest: fc.Arbitrary<CertificateRequest> = fc.record({
  kind: fc.constant('certificate_request' as const),
  certificateRequestContext: bytes(0, 8),
  extensions: fc
    .tuple(
      CR.signature_algorithms,
      block([
        ext('status_request', CR.status_request),
        ext('certificate_authorities', CR.certificate_authorities),
        ext('signature_algorithms_cert', CR.signature_algorithms_cert),
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
      extensions: block(
        [ext('status_request', extensionValues.certificate.status_request)],
        opaqueExtensions(2),
      ),
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
  extensions: block([ext('early_data', extensionValues.new_session_ticket.early_data)]),
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
