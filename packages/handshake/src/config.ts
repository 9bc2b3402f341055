import {
  type CipherSuite,
  type CryptoProvider,
  cipherSuiteByCode,
  groupByCode,
  type KeyExchangeGroup,
  nobleProvider,
  type SignatureScheme,
  signatureSchemeByCode,
} from '@strata/crypto';
import type { Certificate, LoadedPrivateKey, TrustStore, VerifyCallback } from '@strata/pki';
import type { SessionCache, Tls13Session } from '@strata/session';
import type { TicketConfig } from './engine/tickets.js';
import type { ClientHello } from './msgs/client-hello.js';
import type { EncryptedExtensions } from './msgs/encrypted-extensions.js';
import {
  DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE,
  DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE,
  MAX_CLIENT_HELLO_SIZE,
} from './msgs/handshake-message.js';
import type { HelloRetryRequest, ServerHello } from './msgs/server-hello.js';
import type { KeyLogCallback } from './tls13/secret-labels.js';

/** A certificate chain (leaf first) with the private key of its leaf. */
export interface CertifiedKey {
  readonly chain: readonly Certificate[];
  readonly privateKey: LoadedPrivateKey;
}

/** `none`: the peer's chain is not checked (the result is still reported); `peer`: a bad chain aborts. */
export type VerifyMode = 'none' | 'peer';

/** Whether a server asks for a client certificate, and whether it insists (OpenSSL's SSL_VERIFY_FAIL_IF_NO_PEER_CERT). */
export type ClientAuthMode = 'none' | 'optional' | 'required';

/** Named limits; each default follows OpenSSL or rustls. */
export interface Limits {
  /**
   * Largest handshake message body but Certificate (default 64 KiB). Unset,
   * a ClientHello may be as large as its structure allows, 131396 bytes
   * (`MAX_CLIENT_HELLO_SIZE`, OpenSSL's CLIENT_HELLO_MAX_LENGTH); set, it
   * caps the ClientHello too.
   */
  readonly maxHandshakeMessageSize?: number;
  /** Largest Certificate body (default 100 KiB, OpenSSL's max_cert_list). */
  readonly maxCertificateSize?: number;
  /** KeyUpdates received with no application data in between before unexpected_message (default 32). */
  readonly maxKeyUpdatesInARow?: number;
  /** Plaintext `write()` may queue before the handshake completes (default 64 KiB; beyond: RangeError). */
  readonly maxQueuedPlaintext?: number;
  /**
   * Server: rejected 0-RTT data skipped before unexpected_message (default
   * 16 KiB, OpenSSL's default max_early_data).
   */
  readonly maxSkippedEarlyData?: number;
}

export const DEFAULT_MAX_KEY_UPDATES_IN_A_ROW = 32;
export const DEFAULT_MAX_QUEUED_PLAINTEXT = 64 * 1024;
export const DEFAULT_MAX_SKIPPED_EARLY_DATA = 16 * 1024;

/**
 * Hooks that edit a message just before it is encoded and sent; the
 * transcript covers the edited bytes. For tests (reproducing a published
 * trace) and interop experiments, never for production.
 */
export interface MessageHooks {
  readonly clientHello?: (ch: ClientHello) => ClientHello;
  readonly serverHello?: (sh: ServerHello) => ServerHello;
  /** A server may add a cookie here; the second ClientHello must then echo it. */
  readonly helloRetryRequest?: (hrr: HelloRetryRequest) => HelloRetryRequest;
  readonly encryptedExtensions?: (ee: EncryptedExtensions) => EncryptedExtensions;
}

interface CommonConfig {
  /** Crypto capabilities and randomness (default: nobleProvider). */
  readonly provider?: CryptoProvider;
  /** TLS 1.3 cipher suite code points in preference order (default: the provider's TLS 1.3 suites). */
  readonly cipherSuites?: readonly number[];
  /** Named groups in preference order (default: the provider's groups). */
  readonly groups?: readonly number[];
  /**
   * Signature schemes in preference order, for signature_algorithms (default:
   * the provider's schemes without SHA-1). Schemes TLS 1.3 forbids in
   * CertificateVerify (rsa_pkcs1_*) are advertised for certificates only.
   */
  readonly signatureSchemes?: readonly number[];
  /** ALPN protocols in preference order. */
  readonly alpnProtocols?: readonly string[];
  /** Trust anchors for the peer's chain. */
  readonly trustStore?: TrustStore;
  /** Client default `peer`, server default `peer` when it asks for certificates. */
  readonly verifyMode?: VerifyMode;
  /** OpenSSL-style verify callback (preverifyOk, ctx) → accept. */
  readonly verifyCallback?: VerifyCallback;
  /** Maximum chain depth (default: @strata/pki's, 100). */
  readonly verifyDepth?: number;
  /** NSS key-log callback; off unless set. */
  readonly keyLog?: KeyLogCallback;
  /** Clock in ms since the epoch (default Date.now) for certificate validity. */
  readonly now?: () => number;
  readonly limits?: Limits;
  /** record_size_limit to advertise (RFC 8449), 64..16385; none by default. */
  readonly recordSizeLimit?: number;
  /** Middlebox compatibility mode (RFC 8446 D.4): default true. */
  readonly middleboxCompat?: boolean;
  readonly hooks?: MessageHooks;
  /**
   * Sees every protocol message as it is sent or received (OpenSSL's
   * SSL_CTX_set_msg_callback): handshake messages with their 4-byte header,
   * alerts (level, description) and the compatibility change_cipher_spec we
   * send. Observation only; secrets never pass through it.
   */
  readonly onMessage?: MessageCallback;
  /**
   * The `SSL_CTX`'s session cache, for OpenSSL's bookkeeping (the session
   * README's "What the handshake must do"): the engine counts
   * `countConnect`/`countAccept` when it starts, `countConnectGood(resumed)` /
   * `countAcceptGood()` when the handshake completes, server hits and
   * timeouts through `cache.accept`, the client's `countConnectMiss` when the
   * server did not take its PSK, and removes a resumed client session (single
   * use). Off unless set: a caller that counts itself must not set it too.
   */
  readonly sessionCache?: SessionCache;
}

/**
 * psk_key_exchange_modes (RFC 8446 §4.2.9): `psk_dhe_ke` resumes with an
 * (EC)DHE exchange (forward secrecy), `psk_ke` with the PSK alone.
 */
export type PskMode = 'psk_dhe_ke' | 'psk_ke';

/** Default: psk_dhe_ke only, as OpenSSL, rustls and Go offer and accept by default. */
export const DEFAULT_PSK_MODES: readonly PskMode[] = ['psk_dhe_ke'];

function checkPskModes(modes: readonly PskMode[] | undefined, what: string): readonly PskMode[] {
  if (modes === undefined) return DEFAULT_PSK_MODES;
  if (modes.length === 0) throw new RangeError(`${what}: the list is empty`);
  for (const m of modes) {
    if (m !== 'psk_dhe_ke' && m !== 'psk_ke') throw new TypeError(`${what}: unknown mode ${m}`);
  }
  return [...new Set(modes)];
}

/** One protocol message, for `onMessage`. */
export interface ProtocolMessage {
  readonly direction: 'sent' | 'received';
  /** ContentType: 20 change_cipher_spec, 21 alert, 22 handshake. */
  readonly contentType: number;
  readonly bytes: Uint8Array;
}

export type MessageCallback = (message: ProtocolMessage) => void;

export interface ClientConfig extends CommonConfig {
  /** SNI host name; also the name the server certificate must match unless `verifyHostname` says otherwise. */
  readonly serverName?: string;
  /**
   * The name the server certificate must match, when it differs from the SNI
   * name (OpenSSL's SSL_set1_host next to SSL_set_tlsext_host_name), or
   * `false` for no name check. Default: `serverName`.
   */
  readonly verifyHostname?: string | false;
  /** Groups to send key shares for (default: the first group). */
  readonly keyShareGroups?: readonly number[];
  /** GREASE values in the ClientHello (RFC 8701); default false. */
  readonly grease?: boolean;
  /** Client certificates, chosen by the server's signature_algorithms. */
  readonly certificates?: readonly CertifiedKey[];
  /**
   * A session to resume (from a `new_session_ticket` event of an earlier
   * connection): offered as a PSK (with `pskModes`) when it has not expired
   * at `now()` and its suite's hash is among `cipherSuites`'.
   */
  readonly session?: Tls13Session;
  /**
   * psk_key_exchange_modes to offer with `session`, in preference order
   * (default `['psk_dhe_ke']`; add `'psk_ke'` to allow resumption without
   * (EC)DHE — no forward secrecy for that connection).
   */
  readonly pskModes?: readonly PskMode[];
  /** Pad ClientHellos of 256..511 bytes to 512 (RFC 7685), as NSS and BoringSSL do; default false like OpenSSL. */
  readonly padding?: boolean;
}

export interface ServerConfig extends CommonConfig {
  /** Certificates; the first one whose key fits a scheme the client offers is used. */
  readonly certificates: readonly CertifiedKey[];
  readonly clientAuth?: ClientAuthMode;
  /**
   * DER names sent as certificate_authorities in the CertificateRequest
   * (OpenSSL's SSL_CTX_set_client_CA_list), to help the client choose.
   */
  readonly certificateAuthorities?: readonly Uint8Array[];
  /** Called with the client's SNI name (or undefined); may return another config to use. */
  /**
   * Session tickets (RFC 8446 §4.6.1): with an issuer from @strata/session the
   * server sends NewSessionTickets after the handshake and resumes the PSKs
   * the issuer opens. Without, it sends none and ignores PSK offers.
   */
  readonly tickets?: TicketConfig;
  readonly sniCallback?: (serverName: string | undefined) => ServerConfig | undefined;
  /**
   * Chooses among the client's ALPN protocols: a protocol, `undefined` to go
   * on without ALPN (OpenSSL's SSL_TLSEXT_ERR_NOACK), or `false` to abort
   * with no_application_protocol (SSL_TLSEXT_ERR_ALERT_FATAL). Without it:
   * the first of `alpnProtocols` the client offers, and no_application_protocol
   * when there is none.
   */
  readonly alpnSelect?: (offered: readonly string[]) => string | undefined | false;
  /**
   * Whose cipher suite order wins: `'server'` (default; OpenSSL's
   * SSL_OP_CIPHER_SERVER_PREFERENCE) or `'client'` (the first suite of the
   * ClientHello that the server supports).
   */
  readonly cipherPreference?: 'server' | 'client';
}

/** A config with lists resolved against the provider and defaults applied. */
export interface ResolvedCommon {
  readonly provider: CryptoProvider;
  readonly suites: readonly Extract<CipherSuite, { version: 'TLS1.3' }>[];
  readonly groups: readonly KeyExchangeGroup[];
  readonly schemes: readonly SignatureScheme[];
  readonly alpn: readonly string[];
  readonly now: () => number;
  readonly maxHandshakeMessageSize: number;
  readonly maxClientHelloSize: number;
  readonly maxCertificateSize: number;
  readonly maxKeyUpdatesInARow: number;
  readonly maxQueuedPlaintext: number;
  readonly maxSkippedEarlyData: number;
  readonly middleboxCompat: boolean;
  readonly onMessage: MessageCallback | undefined;
  readonly sessionCache: SessionCache | undefined;
}

function byCodes<T>(
  codes: readonly number[] | undefined,
  fallback: readonly T[],
  find: (code: number) => T | undefined,
  what: string,
): readonly T[] {
  if (codes === undefined) return fallback;
  if (codes.length === 0) throw new RangeError(`${what}: the list is empty`);
  return codes.map((c) => {
    const found = find(c);
    if (found === undefined)
      throw new TypeError(`${what}: the provider has no 0x${c.toString(16)}`);
    return found;
  });
}

/** Resolves the lists of a config; a code point the provider lacks is a TypeError. */
export function resolveCommon(config: CommonConfig): ResolvedCommon {
  const provider = config.provider ?? nobleProvider;
  const tls13 = provider.cipherSuites.filter(
    (s): s is Extract<CipherSuite, { version: 'TLS1.3' }> => s.version === 'TLS1.3',
  );
  const suites = byCodes(
    config.cipherSuites,
    tls13,
    (c) => {
      const s = cipherSuiteByCode(provider, c);
      return s?.version === 'TLS1.3' ? s : undefined;
    },
    'cipherSuites',
  );
  const groups = byCodes(config.groups, provider.groups, (c) => groupByCode(provider, c), 'groups');
  const schemes = byCodes(
    config.signatureSchemes,
    provider.signatureSchemes
      .filter((s) => s.hash !== undefined || s.keyKind === 'ed25519')
      .filter((s) => !s.name.endsWith('sha1')),
    (c) => signatureSchemeByCode(provider, c),
    'signatureSchemes',
  );
  const limits = config.limits ?? {};
  if (
    config.recordSizeLimit !== undefined &&
    (!Number.isInteger(config.recordSizeLimit) ||
      config.recordSizeLimit < 64 ||
      config.recordSizeLimit > 16385)
  ) {
    throw new RangeError(`recordSizeLimit ${config.recordSizeLimit} outside [64, 16385]`);
  }
  return {
    provider,
    suites,
    groups,
    schemes,
    alpn: config.alpnProtocols ?? [],
    now: config.now ?? Date.now,
    maxHandshakeMessageSize: limits.maxHandshakeMessageSize ?? DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE,
    maxClientHelloSize: limits.maxHandshakeMessageSize ?? MAX_CLIENT_HELLO_SIZE,
    maxCertificateSize: limits.maxCertificateSize ?? DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE,
    maxKeyUpdatesInARow: limits.maxKeyUpdatesInARow ?? DEFAULT_MAX_KEY_UPDATES_IN_A_ROW,
    maxQueuedPlaintext: limits.maxQueuedPlaintext ?? DEFAULT_MAX_QUEUED_PLAINTEXT,
    maxSkippedEarlyData: limits.maxSkippedEarlyData ?? DEFAULT_MAX_SKIPPED_EARLY_DATA,
    middleboxCompat: config.middleboxCompat ?? true,
    onMessage: config.onMessage,
    sessionCache: config.sessionCache,
  };
}

export interface ResolvedClient extends ResolvedCommon {
  readonly serverName: string | undefined;
  /** The name the certificate is checked against, or undefined for none. */
  readonly verifyHostname: string | undefined;
  readonly keyShareGroups: readonly KeyExchangeGroup[];
  readonly grease: boolean;
  readonly padding: boolean;
  readonly session: Tls13Session | undefined;
  readonly pskModes: readonly PskMode[];
  readonly certificates: readonly CertifiedKey[];
  readonly trustStore: TrustStore | undefined;
  readonly verifyMode: VerifyMode;
  readonly verifyCallback: VerifyCallback | undefined;
  readonly verifyDepth: number | undefined;
  readonly recordSizeLimit: number | undefined;
  readonly hooks: MessageHooks;
}

export function resolveClient(config: ClientConfig): ResolvedClient {
  const common = resolveCommon(config);
  const keyShareGroups = config.keyShareGroups
    ? config.keyShareGroups.map((c) => {
        const g = common.groups.find((x) => x.code === c);
        if (!g) throw new TypeError(`keyShareGroups: 0x${c.toString(16)} is not in groups`);
        return g;
      })
    : [common.groups[0]!];
  return {
    ...common,
    serverName: config.serverName,
    verifyHostname:
      config.verifyHostname === false ? undefined : (config.verifyHostname ?? config.serverName),
    keyShareGroups,
    grease: config.grease ?? false,
    padding: config.padding ?? false,
    session: config.session,
    pskModes: checkPskModes(config.pskModes, 'pskModes'),
    certificates: config.certificates ?? [],
    trustStore: config.trustStore,
    verifyMode: config.verifyMode ?? 'peer',
    verifyCallback: config.verifyCallback,
    verifyDepth: config.verifyDepth,
    recordSizeLimit: config.recordSizeLimit,
    hooks: config.hooks ?? {},
  };
}

export interface ResolvedServer extends ResolvedCommon {
  readonly config: ServerConfig;
  readonly certificates: readonly CertifiedKey[];
  readonly clientAuth: ClientAuthMode;
  readonly certificateAuthorities: readonly Uint8Array[];
  readonly tickets: TicketConfig | undefined;
  /** The modes the server accepts (`tickets.pskModes`, default psk_dhe_ke). */
  readonly pskModes: readonly PskMode[];
  readonly trustStore: TrustStore | undefined;
  readonly verifyMode: VerifyMode;
  readonly verifyCallback: VerifyCallback | undefined;
  readonly verifyDepth: number | undefined;
  readonly recordSizeLimit: number | undefined;
  readonly hooks: MessageHooks;
  readonly alpnSelect: ((offered: readonly string[]) => string | undefined | false) | undefined;
  readonly cipherPreference: 'server' | 'client';
}

export function resolveServer(config: ServerConfig): ResolvedServer {
  const common = resolveCommon(config);
  if (!Array.isArray(config.certificates) || config.certificates.length === 0) {
    throw new TypeError('ServerConfig.certificates: at least one certificate is required');
  }
  if (
    (config.clientAuth ?? 'none') !== 'none' &&
    (config.verifyMode ?? 'peer') === 'peer' &&
    config.trustStore === undefined
  ) {
    throw new TypeError('ServerConfig: clientAuth with verifyMode "peer" needs a trustStore');
  }
  const tolerance = config.tickets?.ticketAgeToleranceMs;
  if (tolerance !== undefined && !(tolerance >= 0)) {
    throw new RangeError(`tickets.ticketAgeToleranceMs ${tolerance} is not a duration ≥ 0`);
  }
  return {
    ...common,
    config,
    certificates: config.certificates,
    clientAuth: config.clientAuth ?? 'none',
    certificateAuthorities: config.certificateAuthorities ?? [],
    tickets: config.tickets,
    pskModes: checkPskModes(config.tickets?.pskModes, 'tickets.pskModes'),
    trustStore: config.trustStore,
    verifyMode: config.verifyMode ?? 'peer',
    verifyCallback: config.verifyCallback,
    verifyDepth: config.verifyDepth,
    recordSizeLimit: config.recordSizeLimit,
    hooks: config.hooks ?? {},
    alpnSelect: config.alpnSelect,
    cipherPreference: config.cipherPreference ?? 'server',
  };
}
