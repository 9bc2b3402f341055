import type { CipherSuite, KeyExchangeGroup, SignatureScheme } from '@strata/crypto';
import { TlsError } from '@strata/wire';
import type { CertifiedKey, ResolvedServer } from '../config.js';
import { chooseCertifiedKey } from '../engine/signing.js';
import type { ClientHello } from '../msgs/client-hello.js';
import { ProtocolVersion } from '../msgs/codes.js';
import { extensionValue } from '../msgs/extensions/block.js';
import type { KeyShareEntry } from '../msgs/extensions/key-share.js';
import { hostNameOf } from '../msgs/extensions/server-name.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** What the server settles from one ClientHello. */
export interface Choice {
  readonly suite: Tls13Suite;
  readonly group: KeyExchangeGroup;
  /** The client's share for `group`, or undefined when a HelloRetryRequest must ask for one. */
  readonly share: KeyShareEntry | undefined;
  readonly certificate: CertifiedKey;
  readonly scheme: SignatureScheme;
  readonly alpn: string | undefined;
  readonly serverName: string | undefined;
  readonly clientRecordSizeLimit: number | undefined;
}

const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * RFC 8446 §4.1.1: checks a ClientHello and picks suite, group, certificate
 * and signature scheme by server preference, and the ALPN protocol. Each
 * refusal carries its alert. `fixed` pins suite and group for the second
 * ClientHello after a HelloRetryRequest.
 */
export function negotiate(
  config: ResolvedServer,
  ch: ClientHello,
  fixed?: { readonly suite: Tls13Suite; readonly group: KeyExchangeGroup },
): Choice {
  const versions = extensionValue(ch.extensions, 'supported_versions');
  if (!versions?.includes(ProtocolVersion.tls1_3)) {
    throw new TlsError(
      'protocol_version',
      'HANDSHAKE_NO_TLS13',
      'tls: the client does not offer TLS 1.3 (Strata does not speak TLS 1.2 yet)',
    );
  }
  if (ch.legacyVersion <= ProtocolVersion.ssl3) {
    // RFC 8446 §D.5 (and §4.2.1): a ClientHello.legacy_version of 0x0300 or
    // less is refused with protocol_version even beside supported_versions;
    // OpenSSL 3 does the same (SSL_R_BAD_LEGACY_VERSION).
    throw new TlsError(
      'protocol_version',
      'HANDSHAKE_BAD_LEGACY_VERSION',
      'tls: ClientHello.legacy_version is SSL 3.0 or older',
    );
  }
  if (ch.legacyCompressionMethods.length !== 1 || ch.legacyCompressionMethods[0] !== 0) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_COMPRESSION',
      'tls: a TLS 1.3 ClientHello must offer exactly the null compression method',
    );
  }
  if (
    extensionValue(ch.extensions, 'pre_shared_key') !== undefined &&
    extensionValue(ch.extensions, 'psk_key_exchange_modes') === undefined
  ) {
    // RFC 8446 §4.2.9; acceptance itself is psk-accept.ts.
    throw new TlsError(
      'missing_extension',
      'HANDSHAKE_PSK_WITHOUT_MODES',
      'tls: pre_shared_key offered without psk_key_exchange_modes',
    );
  }
  const names = extensionValue(ch.extensions, 'server_name');
  const serverName = names ? hostNameOf(names) : undefined;

  let suite: Tls13Suite | undefined;
  if (fixed) {
    if (!ch.cipherSuites.includes(fixed.suite.code)) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_HRR_SUITE_DROPPED',
        'tls: the second ClientHello no longer offers the suite of the HelloRetryRequest',
      );
    }
    suite = fixed.suite;
  } else {
    suite =
      config.cipherPreference === 'client'
        ? ch.cipherSuites
            .map((code) => config.suites.find((s) => s.code === code))
            .find((s) => s !== undefined)
        : config.suites.find((s) => ch.cipherSuites.includes(s.code));
  }
  if (!suite) {
    throw new TlsError(
      'handshake_failure',
      'HANDSHAKE_NO_COMMON_SUITE',
      'tls: no cipher suite in common',
    );
  }

  const sigAlgs = extensionValue(ch.extensions, 'signature_algorithms');
  if (sigAlgs === undefined) {
    throw new TlsError(
      'missing_extension',
      'HANDSHAKE_NO_SIGNATURE_ALGORITHMS',
      'tls: ClientHello without signature_algorithms',
    );
  }
  const groups = extensionValue(ch.extensions, 'supported_groups');
  const shares = extensionValue(ch.extensions, 'key_share');
  if (groups === undefined || shares === undefined) {
    throw new TlsError(
      'missing_extension',
      'HANDSHAKE_NO_GROUPS',
      `tls: ClientHello without ${groups === undefined ? 'supported_groups' : 'key_share'}`,
    );
  }
  for (const s of shares) {
    if (!groups.includes(s.group)) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_SHARE_NOT_IN_GROUPS',
        `tls: key_share for group 0x${s.group.toString(16)}, which supported_groups does not list`,
      );
    }
  }
  let group: KeyExchangeGroup | undefined;
  let share: KeyShareEntry | undefined;
  if (fixed) {
    share = shares.find((s) => s.group === fixed.group.code);
    if (!share || shares.length !== 1) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_HRR_WRONG_SHARE',
        'tls: the second ClientHello must carry exactly one key share, for the requested group',
      );
    }
    group = fixed.group;
  } else {
    for (const g of config.groups) {
      const s = shares.find((x) => x.group === g.code);
      if (s) {
        group = g;
        share = s;
        break;
      }
    }
    group ??= config.groups.find((g) => groups.includes(g.code));
  }
  if (!group) {
    throw new TlsError('handshake_failure', 'HANDSHAKE_NO_COMMON_GROUP', 'tls: no group in common');
  }

  const chosen = chooseCertifiedKey(config.certificates, config.schemes, sigAlgs);
  if (!chosen) {
    throw new TlsError(
      'handshake_failure',
      'HANDSHAKE_NO_CERTIFICATE_FOR_SCHEMES',
      'tls: no certificate can sign with a scheme the client offers',
    );
  }

  let alpn: string | undefined;
  const offered = extensionValue(ch.extensions, 'application_layer_protocol_negotiation');
  if (offered !== undefined) {
    const list = offered.map((p) => decoder.decode(p));
    const selected = config.alpnSelect
      ? config.alpnSelect(list)
      : config.alpn.find((p) => list.includes(p));
    if (typeof selected === 'string' && !list.includes(selected)) {
      throw new TypeError('alpnSelect returned a protocol the client did not offer');
    }
    alpn = typeof selected === 'string' ? selected : undefined;
    // Without a callback, no overlap with alpnProtocols aborts; a callback
    // aborts by returning false and goes on without ALPN by returning undefined
    // (OpenSSL's SSL_TLSEXT_ERR_ALERT_FATAL and SSL_TLSEXT_ERR_NOACK).
    if (config.alpnSelect ? selected === false : alpn === undefined && config.alpn.length > 0) {
      throw new TlsError(
        'no_application_protocol',
        'HANDSHAKE_NO_COMMON_ALPN',
        'tls: no ALPN protocol in common',
      );
    }
  }
  return {
    suite,
    group,
    share,
    certificate: chosen.key,
    scheme: chosen.scheme,
    alpn,
    serverName,
    clientRecordSizeLimit: extensionValue(ch.extensions, 'record_size_limit'),
  };
}
