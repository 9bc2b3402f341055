import {
  CipherSuiteCode as CryptoCipherSuiteCode,
  NamedGroup as CryptoNamedGroup,
  SignatureSchemeCode as CryptoSignatureSchemeCode,
} from '@strata/crypto';
import { openEnum } from '@strata/wire';

/**
 * Handshake message types, RFC 8446 §4 and the IANA "TLS HandshakeType"
 * registry. Open: an unknown type is kept as a number, never dropped.
 *
 *   enum { client_hello(1), server_hello(2), ..., message_hash(254), (255) } HandshakeType;
 */
export const HandshakeType = /* @__PURE__ */ openEnum({
  hello_request: 0,
  client_hello: 1,
  server_hello: 2,
  hello_verify_request: 3,
  new_session_ticket: 4,
  end_of_early_data: 5,
  hello_retry_request: 6,
  encrypted_extensions: 8,
  request_connection_id: 9,
  new_connection_id: 10,
  certificate: 11,
  server_key_exchange: 12,
  certificate_request: 13,
  server_hello_done: 14,
  certificate_verify: 15,
  client_key_exchange: 16,
  client_certificate_request: 17,
  finished: 20,
  certificate_url: 21,
  certificate_status: 22,
  supplemental_data: 23,
  key_update: 24,
  compressed_certificate: 25,
  ekt_key: 26,
  message_hash: 254,
});

/**
 * Extension code points, the IANA "TLS ExtensionType Values" registry (RFC
 * 8446 §4.2 and the RFCs that registered the rest). Open: unknown and GREASE
 * values are kept as numbers.
 *
 *   enum { server_name(0), ..., (65535) } ExtensionType;
 */
export const ExtensionType = /* @__PURE__ */ openEnum(
  {
    server_name: 0,
    max_fragment_length: 1,
    client_certificate_url: 2,
    trusted_ca_keys: 3,
    truncated_hmac: 4,
    status_request: 5,
    user_mapping: 6,
    client_authz: 7,
    server_authz: 8,
    cert_type: 9,
    supported_groups: 10,
    ec_point_formats: 11,
    srp: 12,
    signature_algorithms: 13,
    use_srtp: 14,
    heartbeat: 15,
    application_layer_protocol_negotiation: 16,
    status_request_v2: 17,
    signed_certificate_timestamp: 18,
    client_certificate_type: 19,
    server_certificate_type: 20,
    padding: 21,
    encrypt_then_mac: 22,
    extended_master_secret: 23,
    token_binding: 24,
    cached_info: 25,
    tls_lts: 26,
    compress_certificate: 27,
    record_size_limit: 28,
    pwd_protect: 29,
    pwd_clear: 30,
    password_salt: 31,
    ticket_pinning: 32,
    tls_cert_with_extern_psk: 33,
    delegated_credential: 34,
    session_ticket: 35,
    TLMSP: 36,
    TLMSP_proxying: 37,
    TLMSP_delegate: 38,
    supported_ekt_ciphers: 39,
    pre_shared_key: 41,
    early_data: 42,
    supported_versions: 43,
    cookie: 44,
    psk_key_exchange_modes: 45,
    certificate_authorities: 47,
    oid_filters: 48,
    post_handshake_auth: 49,
    signature_algorithms_cert: 50,
    key_share: 51,
    transparency_info: 52,
    connection_id_deprecated: 53,
    connection_id: 54,
    external_id_hash: 55,
    external_session_id: 56,
    quic_transport_parameters: 57,
    ticket_request: 58,
    dnssec_chain: 59,
    sequence_number_encryption_algorithms: 60,
    rrc: 61,
    ech_outer_extensions: 0xfd00,
    encrypted_client_hello: 0xfe0d,
    renegotiation_info: 0xff01,
  },
  { hex: true },
);

/** The name of an extension this table knows, e.g. `'key_share'`. */
export type ExtensionName = Exclude<keyof typeof ExtensionType, 'name' | 'has'>;

/**
 * Protocol versions, RFC 8446 §4.2.1.
 *
 *   uint16 ProtocolVersion;
 */
export const ProtocolVersion = /* @__PURE__ */ openEnum(
  {
    ssl3: 0x0300,
    tls1_0: 0x0301,
    tls1_1: 0x0302,
    tls1_2: 0x0303,
    tls1_3: 0x0304,
  },
  { hex: true },
);

/**
 * RFC 8446 §4.2.9.
 *
 *   enum { psk_ke(0), psk_dhe_ke(1), (255) } PskKeyExchangeMode;
 */
export const PskKeyExchangeMode = /* @__PURE__ */ openEnum({ psk_ke: 0, psk_dhe_ke: 1 });

/**
 * RFC 6066 §8, RFC 6961 §2.2.
 *
 *   enum { ocsp(1), ocsp_multi(2), (255) } CertificateStatusType;
 */
export const CertificateStatusType = /* @__PURE__ */ openEnum({ ocsp: 1, ocsp_multi: 2 });

/**
 * RFC 6066 §3.
 *
 *   enum { host_name(0), (255) } NameType;
 */
export const NameType = /* @__PURE__ */ openEnum({ host_name: 0 });

/**
 * RFC 8446 §4.6.3.
 *
 *   enum { update_not_requested(0), update_requested(1), (255) } KeyUpdateRequest;
 */
export const KeyUpdateRequest = /* @__PURE__ */ openEnum({
  update_not_requested: 0,
  update_requested: 1,
});

/**
 * RFC 6066 §4: 2^9, 2^10, 2^11, 2^12 bytes.
 *
 *   enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) } MaxFragmentLength;
 */
export const MaxFragmentLength = /* @__PURE__ */ openEnum({
  '2^9': 1,
  '2^10': 2,
  '2^11': 3,
  '2^12': 4,
});

/**
 * Cipher suites, named groups and signature schemes are the crypto layer's
 * tables (@strata/crypto's registry), re-exported here so that one import
 * names every code point in a message. Each is an open enum (value) and a
 * `number` (type): fields hold any code point, known or not.
 *
 *   uint8 CipherSuite[2];  enum { ... (0xFFFF) } NamedGroup;  enum { ... (0xFFFF) } SignatureScheme;
 */
export const CipherSuiteCode = CryptoCipherSuiteCode;
export type CipherSuiteCode = number;
export const NamedGroup = CryptoNamedGroup;
export type NamedGroup = number;
export const SignatureSchemeCode = CryptoSignatureSchemeCode;
export type SignatureSchemeCode = number;
