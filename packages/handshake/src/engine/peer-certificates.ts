import type { CryptoProvider } from '@strata/crypto';
import {
  type Certificate,
  TrustStore,
  type VerifyCallback,
  type VerifyResult,
  verifyChain,
  verifyErrorAlert,
} from '@strata/pki';
import { TlsError } from '@strata/wire';
import type { Certificate as CertificateMessage } from '../msgs/certificate.js';
import { peerCertificateCache } from './certificate-cache.js';

export interface PeerVerifyOptions {
  readonly provider: CryptoProvider;
  readonly trustStore: TrustStore | undefined;
  readonly verifyMode: 'none' | 'peer';
  readonly verifyCallback: VerifyCallback | undefined;
  readonly verifyDepth: number | undefined;
  readonly now: () => number;
  /** The peer's role: a server certificate is checked as `sslserver`, a client's as `sslclient`. */
  readonly peer: 'server' | 'client';
  /** Server certificates: the name (SNI) the leaf must match. */
  readonly hostname: string | undefined;
}

/** A literal IPv4 or IPv6 address: checked against iPAddress SANs, never sent as SNI (RFC 6066 §3). */
export function isIpLiteral(name: string): boolean {
  return /^[0-9.]+$/.test(name) || name.includes(':');
}

const EMPTY_STORE = /* @__PURE__ */ new TrustStore();

/**
 * Parses the peer's chain (through the bounded parse cache: identical DER
 * is not parsed twice) and verifies it, in full, on every handshake with @strata/pki. In `peer` mode a
 * failed verification aborts with the alert pki maps the error to
 * (unknown_ca, certificate_expired, bad_certificate…); in `none` mode the
 * result is only reported. A leaf whose key Strata cannot use is
 * `unsupported_certificate` either way.
 */
export function verifyPeerCertificates(
  message: CertificateMessage,
  options: PeerVerifyOptions,
): { chain: readonly Certificate[]; result: VerifyResult } {
  const chain = message.certificateList.map((e) => peerCertificateCache.parse(e.certData));
  const leaf = chain[0]!;
  if (leaf.publicKey.key === undefined) {
    throw new TlsError(
      'unsupported_certificate',
      'HANDSHAKE_UNSUPPORTED_KEY',
      `tls: the ${options.peer} certificate's key algorithm is not supported`,
    );
  }
  const result = verifyChain(leaf, {
    trustStore: options.trustStore ?? EMPTY_STORE,
    intermediates: chain.slice(1),
    time: options.now(),
    purpose: options.peer === 'server' ? 'sslserver' : 'sslclient',
    ...(options.hostname !== undefined && options.peer === 'server'
      ? isIpLiteral(options.hostname)
        ? { ip: options.hostname }
        : { hostname: options.hostname }
      : {}),
    ...(options.verifyDepth !== undefined ? { maxDepth: options.verifyDepth } : {}),
    ...(options.verifyCallback ? { callback: options.verifyCallback } : {}),
    provider: options.provider,
  });
  if (!result.ok && options.verifyMode === 'peer') {
    throw new TlsError(
      verifyErrorAlert(result.error),
      'HANDSHAKE_PEER_CERTIFICATE_REJECTED',
      `tls: ${options.peer} certificate verification failed: ${result.errorString} at depth ${result.errorDepth}`,
    );
  }
  return { chain, result };
}
