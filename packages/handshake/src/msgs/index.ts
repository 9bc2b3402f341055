// The TLS 1.3 handshake message and extension codec.
export {
  ALLOWED_EXTENSIONS,
  checkExtensionAllowed,
  type ExtensionContext,
  isExtensionAllowed,
} from './allowed-extensions.js';
export type { Certificate, CertificateEntry } from './certificate.js';
export type { CertificateRequest } from './certificate-request.js';
export type { CertificateVerify } from './certificate-verify.js';
export {
  type ClientHello,
  clientHelloBindersLength,
  truncatedClientHello,
  withPskBinders,
} from './client-hello.js';
export {
  CertificateStatusType,
  CipherSuiteCode,
  type ExtensionName,
  ExtensionType,
  HandshakeType,
  KeyUpdateRequest,
  MaxFragmentLength,
  NamedGroup,
  NameType,
  ProtocolVersion,
  PskKeyExchangeMode,
  SignatureSchemeCode,
} from './codes.js';
export type { EncryptedExtensions } from './encrypted-extensions.js';
export type { EndOfEarlyData } from './end-of-early-data.js';
export {
  extensionCode,
  extensionValue,
  findExtension,
  hasExtension,
} from './extensions/block.js';
export type { Ext, ExtensionCodec, OpaqueExtension } from './extensions/codec.js';
export type {
  CertificateEntryExtension,
  CertificateRequestExtension,
  ClientHelloExtension,
  EncryptedExtension,
  HelloRetryRequestExtension,
  NewSessionTicketExtension,
  ServerHelloExtension,
} from './extensions/contexts.js';
export type { KeyShareEntry } from './extensions/key-share.js';
export { maxFragmentLengthBytes } from './extensions/max-fragment-length.js';
export { paddingLengthFor } from './extensions/padding.js';
export {
  encodePskBinders,
  type OfferedPsks,
  type PskIdentity,
  pskBindersLength,
} from './extensions/pre-shared-key.js';
export { MIN_RECORD_SIZE_LIMIT } from './extensions/record-size-limit.js';
export { hostNameList, hostNameOf, type ServerName } from './extensions/server-name.js';
export type { CertificateStatus, CertificateStatusRequest } from './extensions/status-request.js';
export {
  type Finished,
  MAX_VERIFY_DATA_LENGTH,
  MIN_VERIFY_DATA_LENGTH,
} from './finished.js';
export {
  GREASE_PSK_MODES,
  GREASE_SEED_LENGTH,
  GREASE_VALUES,
  type GreaseSelection,
  isGrease,
  isGreasePskMode,
  selectGrease,
} from './grease.js';
export {
  checkHandshakeMessageSize,
  DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE,
  DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE,
  type Decoded,
  decodeHandshakeBody,
  decodeHandshakeMessage,
  encodeDecoded,
  encodeHandshakeMessage,
  encodeMessageHash,
  HANDSHAKE_HEADER_LENGTH,
  type HandshakeHeader,
  type HandshakeMessage,
  type HandshakeSizeLimits,
  handshakeTypeOf,
  MAX_CLIENT_HELLO_SIZE,
  maxHandshakeMessageSize,
  readHandshakeHeader,
  type UnknownHandshakeMessage,
} from './handshake-message.js';
export type { KeyUpdate } from './key-update.js';
export type { MessageHash } from './message-hash.js';
export { MAX_TICKET_LIFETIME, type NewSessionTicket } from './new-session-ticket.js';
export {
  DOWNGRADE_SENTINEL_TLS11,
  DOWNGRADE_SENTINEL_TLS12,
  downgradeSentinel,
  HELLO_RETRY_REQUEST_RANDOM,
  isHelloRetryRequestRandom,
  RANDOM_LENGTH,
  withDowngradeSentinel,
} from './random.js';
export type { HelloRetryRequest, ServerHello } from './server-hello.js';
