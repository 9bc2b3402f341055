import { TlsError } from '@strata/wire';
import { ExtensionType } from './codes.js';

/**
 * The messages an extension block can sit in. `server_hello_tls12` is a
 * ServerHello without supported_versions (TLS 1.2 and below, RFC 5246), whose
 * extensions are the TLS 1.2 ones.
 */
export type ExtensionContext =
  | 'client_hello'
  | 'server_hello'
  | 'server_hello_tls12'
  | 'hello_retry_request'
  | 'encrypted_extensions'
  | 'certificate'
  | 'certificate_request'
  | 'new_session_ticket';

type Column = 'CH' | 'SH' | 'SH12' | 'HRR' | 'EE' | 'CT' | 'CR' | 'NST';

const COLUMN: Readonly<Record<ExtensionContext, Column>> = {
  client_hello: 'CH',
  server_hello: 'SH',
  server_hello_tls12: 'SH12',
  hello_retry_request: 'HRR',
  encrypted_extensions: 'EE',
  certificate: 'CT',
  certificate_request: 'CR',
  new_session_ticket: 'NST',
};

const E = ExtensionType;

/**
 * Where each recognised extension may appear: the table of RFC 8446 §4.2
 * (CH, SH, HRR, EE, CT, CR, NST), the later RFCs that added rows (RFC 8449
 * record_size_limit, RFC 8879 compress_certificate, RFC 9345
 * delegated_credential, RFC 9149 ticket_request, RFC 8773
 * tls_cert_with_extern_psk, RFC 9102 dnssec_chain, RFC 9162
 * transparency_info, RFC 9001 quic_transport_parameters, RFC 8492 pwd_*,
 * RFC 9146/9147 connection_id, and ECH's encrypted_client_hello and
 * ech_outer_extensions), and SH12 for the
 * extensions a TLS 1.2 ServerHello may carry (RFC 5246 and the RFCs that
 * define them for TLS 1.2).
 *
 * Extensions not in this table are unknown to us: they are kept and ignored,
 * wherever they appear (RFC 8446 §4.2, "recipients MUST ignore unrecognized
 * extensions"); whether one was solicited is the engine's check.
 */
export const ALLOWED_EXTENSIONS: ReadonlyMap<number, readonly Column[]> = /* @__PURE__ */ new Map<
  number,
  readonly Column[]
>([
  [E.server_name, ['CH', 'EE', 'SH12']],
  [E.max_fragment_length, ['CH', 'EE', 'SH12']],
  [E.status_request, ['CH', 'CR', 'CT', 'SH12']],
  [E.supported_groups, ['CH', 'EE']],
  [E.ec_point_formats, ['CH', 'SH12']],
  [E.signature_algorithms, ['CH', 'CR']],
  [E.use_srtp, ['CH', 'EE', 'SH12']],
  [E.heartbeat, ['CH', 'EE', 'SH12']],
  [E.application_layer_protocol_negotiation, ['CH', 'EE', 'SH12']],
  [E.signed_certificate_timestamp, ['CH', 'CR', 'CT', 'SH12']],
  [E.client_certificate_type, ['CH', 'EE', 'SH12']],
  [E.server_certificate_type, ['CH', 'EE', 'SH12']],
  [E.padding, ['CH']],
  [E.encrypt_then_mac, ['CH', 'SH12']],
  [E.extended_master_secret, ['CH', 'SH12']],
  [E.compress_certificate, ['CH', 'CR']],
  [E.record_size_limit, ['CH', 'EE', 'SH12']],
  [E.tls_cert_with_extern_psk, ['CH', 'SH']],
  [E.delegated_credential, ['CH', 'CR', 'CT']],
  [E.session_ticket, ['CH', 'SH12']],
  [E.pre_shared_key, ['CH', 'SH']],
  [E.early_data, ['CH', 'EE', 'NST']],
  [E.supported_versions, ['CH', 'SH', 'HRR']],
  [E.cookie, ['CH', 'HRR']],
  [E.psk_key_exchange_modes, ['CH']],
  [E.certificate_authorities, ['CH', 'CR']],
  [E.oid_filters, ['CR']],
  [E.post_handshake_auth, ['CH']],
  [E.signature_algorithms_cert, ['CH', 'CR']],
  [E.key_share, ['CH', 'SH', 'HRR']],
  [E.transparency_info, ['CH', 'CR', 'CT']],
  [E.quic_transport_parameters, ['CH', 'EE']],
  [E.ticket_request, ['CH', 'EE']],
  [E.dnssec_chain, ['CH', 'CT']],
  [E.pwd_protect, ['CH']],
  [E.pwd_clear, ['CH']],
  [E.password_salt, ['CH', 'SH', 'HRR']],
  [E.connection_id, ['CH', 'SH']],
  [E.ech_outer_extensions, ['CH']],
  [E.encrypted_client_hello, ['CH', 'HRR', 'EE']],
  [E.renegotiation_info, ['CH', 'SH12']],
]);

/** True when the extension is recognised and allowed in this message, or not recognised at all. */
export function isExtensionAllowed(type: number, context: ExtensionContext): boolean {
  const columns = ALLOWED_EXTENSIONS.get(type);
  return columns === undefined || columns.includes(COLUMN[context]);
}

/**
 * RFC 8446 §4.2: "If an implementation receives an extension which it
 * recognizes and which is not specified for the message in which it appears,
 * it MUST abort the handshake with an "illegal_parameter" alert."
 */
export function checkExtensionAllowed(type: number, context: ExtensionContext): void {
  if (!isExtensionAllowed(type, context)) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_EXTENSION_NOT_ALLOWED',
      `tls: extension ${ExtensionType.name(type)} is not allowed in ${context}`,
    );
  }
}
