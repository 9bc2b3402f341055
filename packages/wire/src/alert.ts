/**
 * TLS alert descriptions, RFC 8446 §6 and RFC 5246 §7.2.
 *
 *   enum { close_notify(0), unexpected_message(10), ... (255) } AlertDescription;
 */
export const AlertDescription = /* @__PURE__ */ Object.freeze({
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  decryption_failed: 21,
  record_overflow: 22,
  decompression_failure: 30,
  handshake_failure: 40,
  no_certificate: 41,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  export_restriction: 60,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  no_renegotiation: 100,
  missing_extension: 109,
  unsupported_extension: 110,
  certificate_unobtainable: 111,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  bad_certificate_hash_value: 114,
  unknown_psk_identity: 115,
  certificate_required: 116,
  no_application_protocol: 120,
} as const);

/** The name of a known alert description, e.g. `'decode_error'`. */
export type AlertName = keyof typeof AlertDescription;

/** enum { warning(1), fatal(2), (255) } AlertLevel; */
export const AlertLevel = /* @__PURE__ */ Object.freeze({ warning: 1, fatal: 2 } as const);
export type AlertLevelName = keyof typeof AlertLevel;

const namesByCode: ReadonlyMap<number, AlertName> = /* @__PURE__ */ new Map(
  (Object.entries(AlertDescription) as [AlertName, number][]).map(([name, code]) => [code, name]),
);

/** The name of an alert code, or `undefined` for a code this table does not know. */
export function alertName(code: number): AlertName | undefined {
  return namesByCode.get(code);
}

/** The name of an alert code for messages and logs: unknown codes print as `alert(N)`. */
export function describeAlert(code: number): string {
  return namesByCode.get(code) ?? `alert(${code})`;
}
