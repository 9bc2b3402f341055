import { protocolNameListCodec, selectedProtocolCodec } from './alpn.js';
import { certificateAuthoritiesCodec } from './certificate-authorities.js';
import { type ExtensionsOf, emptyCodec } from './codec.js';
import { cookieCodec } from './cookie.js';
import { earlyDataIndicationCodec, maxEarlyDataSizeCodec } from './early-data.js';
import { extendedMasterSecretCodec } from './extended-master-secret.js';
import {
  keyShareClientHelloCodec,
  keyShareHelloRetryRequestCodec,
  keyShareServerHelloCodec,
} from './key-share.js';
import { maxFragmentLengthCodec } from './max-fragment-length.js';
import { paddingCodec } from './padding.js';
import { offeredPsksCodec, selectedIdentityCodec } from './pre-shared-key.js';
import { pskKeyExchangeModesCodec } from './psk-key-exchange-modes.js';
import { recordSizeLimitCodec } from './record-size-limit.js';
import { renegotiationInfoCodec } from './renegotiation-info.js';
import { serverNameListCodec } from './server-name.js';
import { signatureSchemeListCodec } from './signature-algorithms.js';
import { certificateStatusCodec, certificateStatusRequestCodec } from './status-request.js';
import { namedGroupListCodec } from './supported-groups.js';
import {
  supportedVersionsClientHelloCodec,
  supportedVersionsServerHelloCodec,
} from './supported-versions.js';

/**
 * Which extensions each message parses, and with which form. An extension
 * recognised elsewhere but absent from a message's table is rejected by the
 * §4.2 table (allowed-extensions.ts) or, when allowed but not parsed by this
 * codec (e.g. signed_certificate_timestamp), kept opaque.
 */
export const CLIENT_HELLO_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  server_name: serverNameListCodec,
  max_fragment_length: maxFragmentLengthCodec,
  status_request: certificateStatusRequestCodec,
  supported_groups: namedGroupListCodec,
  signature_algorithms: signatureSchemeListCodec,
  application_layer_protocol_negotiation: protocolNameListCodec,
  padding: paddingCodec,
  extended_master_secret: extendedMasterSecretCodec,
  record_size_limit: recordSizeLimitCodec,
  pre_shared_key: offeredPsksCodec,
  early_data: earlyDataIndicationCodec,
  supported_versions: supportedVersionsClientHelloCodec,
  cookie: cookieCodec,
  psk_key_exchange_modes: pskKeyExchangeModesCodec,
  certificate_authorities: certificateAuthoritiesCodec,
  signature_algorithms_cert: signatureSchemeListCodec,
  key_share: keyShareClientHelloCodec,
  renegotiation_info: renegotiationInfoCodec,
});

/** ServerHello: the TLS 1.3 extensions and, for a TLS 1.2 ServerHello, the TLS 1.2 ones. */
export const SERVER_HELLO_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  pre_shared_key: selectedIdentityCodec,
  supported_versions: supportedVersionsServerHelloCodec,
  key_share: keyShareServerHelloCodec,
  // TLS 1.2 ServerHello (RFC 5246 and extensions), parsed for later use.
  server_name: emptyCodec,
  max_fragment_length: maxFragmentLengthCodec,
  status_request: emptyCodec,
  application_layer_protocol_negotiation: selectedProtocolCodec,
  extended_master_secret: extendedMasterSecretCodec,
  record_size_limit: recordSizeLimitCodec,
  renegotiation_info: renegotiationInfoCodec,
});

export const HELLO_RETRY_REQUEST_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  supported_versions: supportedVersionsServerHelloCodec,
  cookie: cookieCodec,
  key_share: keyShareHelloRetryRequestCodec,
});

export const ENCRYPTED_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  server_name: emptyCodec,
  max_fragment_length: maxFragmentLengthCodec,
  supported_groups: namedGroupListCodec,
  application_layer_protocol_negotiation: selectedProtocolCodec,
  record_size_limit: recordSizeLimitCodec,
  early_data: earlyDataIndicationCodec,
});

export const CERTIFICATE_REQUEST_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  status_request: certificateStatusRequestCodec,
  signature_algorithms: signatureSchemeListCodec,
  certificate_authorities: certificateAuthoritiesCodec,
  signature_algorithms_cert: signatureSchemeListCodec,
});

export const CERTIFICATE_ENTRY_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  status_request: certificateStatusCodec,
});

export const NEW_SESSION_TICKET_EXTENSIONS = /* @__PURE__ */ Object.freeze({
  early_data: maxEarlyDataSizeCodec,
});

/** An extension of a ClientHello: `{ kind: 'key_share', value: KeyShareEntry[] }`, … or opaque. */
export type ClientHelloExtension = ExtensionsOf<typeof CLIENT_HELLO_EXTENSIONS>;
export type ServerHelloExtension = ExtensionsOf<typeof SERVER_HELLO_EXTENSIONS>;
export type HelloRetryRequestExtension = ExtensionsOf<typeof HELLO_RETRY_REQUEST_EXTENSIONS>;
export type EncryptedExtension = ExtensionsOf<typeof ENCRYPTED_EXTENSIONS>;
export type CertificateRequestExtension = ExtensionsOf<typeof CERTIFICATE_REQUEST_EXTENSIONS>;
export type CertificateEntryExtension = ExtensionsOf<typeof CERTIFICATE_ENTRY_EXTENSIONS>;
export type NewSessionTicketExtension = ExtensionsOf<typeof NEW_SESSION_TICKET_EXTENSIONS>;
