/**
 * The TLS 1.3 secrets of RFC 8446 §7.1, each with its HKDF label and, where
 * one exists, its NSS key-log name (the SSLKEYLOGFILE format that Wireshark
 * and OpenSSL's keylog callback use). One table, so a label is written once.
 */
export const SecretKind = /* @__PURE__ */ Object.freeze({
  externalPskBinder: { label: 'ext binder', keyLog: undefined },
  resumptionPskBinder: { label: 'res binder', keyLog: undefined },
  clientEarlyTraffic: { label: 'c e traffic', keyLog: 'CLIENT_EARLY_TRAFFIC_SECRET' },
  earlyExporterMaster: { label: 'e exp master', keyLog: 'EARLY_EXPORTER_MASTER_SECRET' },
  clientHandshakeTraffic: { label: 'c hs traffic', keyLog: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET' },
  serverHandshakeTraffic: { label: 's hs traffic', keyLog: 'SERVER_HANDSHAKE_TRAFFIC_SECRET' },
  clientApplicationTraffic: { label: 'c ap traffic', keyLog: 'CLIENT_TRAFFIC_SECRET_0' },
  serverApplicationTraffic: { label: 's ap traffic', keyLog: 'SERVER_TRAFFIC_SECRET_0' },
  exporterMaster: { label: 'exp master', keyLog: 'EXPORTER_SECRET' },
  resumptionMaster: { label: 'res master', keyLog: undefined },
} as const);

export type SecretKindName = keyof typeof SecretKind;

/** NSS key-log labels Strata can emit. */
export type KeyLogLabel = NonNullable<(typeof SecretKind)[SecretKindName]['keyLog']>;

/**
 * Receives each secret as it is derived, in NSS key-log terms: one line of an
 * SSLKEYLOGFILE is `${label} ${hex(clientRandom)} ${hex(secret)}`. Off unless
 * the caller installs one; it is the only way a secret leaves the engine.
 */
export type KeyLogCallback = (
  label: KeyLogLabel,
  clientRandom: Uint8Array,
  secret: Uint8Array,
) => void;
