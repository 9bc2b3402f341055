import type { CryptoProvider, HashAlgorithm, PublicKey, SignatureScheme } from '@strata/crypto';
import type { Tls13Session } from '@strata/session';
import { TlsError } from '@strata/wire';
import type { CertificateVerify } from '../msgs/certificate-verify.js';
import { finishedVerifyData } from '../tls13/key-schedule.js';
import { certificateVerifyContent } from '../tls13/signed-content.js';
import { schemeFitsKey } from './schemes.js';

/**
 * Proof that the peer's Finished matched (STYLE 7). Only `verifyFinished`
 * can make one; the traffic state cannot be built without it.
 */
export class FinishedVerified {
  readonly #proof = 'finished';
  private constructor() {}

  /** @internal use `verifyFinished`. */
  static check(
    provider: CryptoProvider,
    hash: HashAlgorithm,
    baseKey: Uint8Array,
    transcriptHash: Uint8Array,
    received: Uint8Array,
  ): FinishedVerified {
    if (received.length !== hash.outputLength) {
      throw new TlsError(
        'decode_error',
        'HANDSHAKE_FINISHED_LENGTH',
        `tls: Finished of ${received.length} bytes, the suite's hash has ${hash.outputLength}`,
      );
    }
    const expected = finishedVerifyData(hash, baseKey, transcriptHash);
    const ok = provider.timingSafeEqual(expected, received);
    expected.fill(0);
    if (!ok) {
      throw new TlsError(
        'decrypt_error',
        'HANDSHAKE_BAD_FINISHED',
        'tls: Finished does not verify',
      );
    }
    return new FinishedVerified();
  }

  toString(): string {
    return this.#proof;
  }
}

/** Proof that the peer's CertificateVerify signature matched its certificate. */
export class SignatureVerified {
  readonly scheme: SignatureScheme;
  private constructor(scheme: SignatureScheme) {
    this.scheme = scheme;
  }

  /** @internal use `verifyCertificateVerify`. */
  static check(
    provider: CryptoProvider,
    signer: 'server' | 'client',
    cv: CertificateVerify,
    offered: readonly SignatureScheme[],
    key: PublicKey,
    keyIsPssOnly: boolean,
    transcriptHash: Uint8Array,
  ): SignatureVerified {
    const scheme = offered.find((s) => s.code === cv.algorithm);
    if (!scheme?.tls13) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_CV_SCHEME_NOT_OFFERED',
        `tls: CertificateVerify uses scheme 0x${cv.algorithm.toString(16).padStart(4, '0')}, not offered for TLS 1.3`,
      );
    }
    if (!schemeFitsKey(scheme, key, keyIsPssOnly)) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_CV_SCHEME_KEY_MISMATCH',
        `tls: CertificateVerify scheme ${scheme.name} does not fit the certificate's key`,
      );
    }
    const content = certificateVerifyContent(signer, transcriptHash);
    if (!provider.verify(scheme.algorithm, key, content, cv.signature)) {
      throw new TlsError(
        'decrypt_error',
        'HANDSHAKE_BAD_SIGNATURE',
        `tls: ${signer} CertificateVerify signature does not verify`,
      );
    }
    return new SignatureVerified(scheme);
  }
}

/**
 * Proof that the handshake runs on a PSK from a session we trust: the client
 * holds it once the server selected the PSK it offered, the server once the
 * PSK binder verified. The Finished that follows proves the peer knows it.
 */
export class PskAuthenticated {
  readonly session: Tls13Session;
  private constructor(session: Tls13Session) {
    this.session = session;
  }

  /** @internal the client: the server selected our only PSK identity. */
  static selected(session: Tls13Session, selectedIdentity: number): PskAuthenticated {
    if (selectedIdentity !== 0) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_PSK_IDENTITY_NOT_OFFERED',
        `tls: the server selected PSK identity ${selectedIdentity}, only 0 was offered`,
      );
    }
    return new PskAuthenticated(session);
  }

  /** @internal the server: the binder of the chosen identity verified. */
  static bound(
    provider: CryptoProvider,
    session: Tls13Session,
    hash: HashAlgorithm,
    binderKey: Uint8Array,
    truncatedHelloHash: Uint8Array,
    binder: Uint8Array,
  ): PskAuthenticated {
    const expected = finishedVerifyData(hash, binderKey, truncatedHelloHash);
    const ok = binder.length === expected.length && provider.timingSafeEqual(expected, binder);
    expected.fill(0);
    if (!ok) {
      throw new TlsError(
        'decrypt_error',
        'HANDSHAKE_BAD_PSK_BINDER',
        'tls: PSK binder does not verify',
      );
    }
    return new PskAuthenticated(session);
  }
}

/** Compares the peer's Finished with the expected verify_data in constant time. */
export function verifyFinished(
  provider: CryptoProvider,
  hash: HashAlgorithm,
  baseKey: Uint8Array,
  transcriptHash: Uint8Array,
  received: Uint8Array,
): FinishedVerified {
  return FinishedVerified.check(provider, hash, baseKey, transcriptHash, received);
}

/** Checks scheme (offered, TLS 1.3, fits the key) and signature of a CertificateVerify. */
export function verifyCertificateVerify(
  provider: CryptoProvider,
  signer: 'server' | 'client',
  cv: CertificateVerify,
  offered: readonly SignatureScheme[],
  key: PublicKey,
  keyIsPssOnly: boolean,
  transcriptHash: Uint8Array,
): SignatureVerified {
  return SignatureVerified.check(provider, signer, cv, offered, key, keyIsPssOnly, transcriptHash);
}
