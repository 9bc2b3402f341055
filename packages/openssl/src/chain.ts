/**
 * The certificate list a slot sends (libssl's `ssl_add_cert_chain` in
 * ssl/statem/statem_lib.c, called from `tls_output_cert_chain`): the leaf,
 * then the slot's own chain (`SSL_CTX_add0_chain_cert`, chain files), else
 * the context's extra chain (`SSL_CTX_add_extra_chain_cert`); with neither
 * and without `SSL_MODE_NO_AUTO_CHAIN`, the chain `X509_verify_cert` builds
 * from the context's certificate store, root included and whether or not it
 * verifies (libssl ignores the result and clears the error queue).
 *
 * libssl does this once per handshake, when it writes the Certificate
 * message, and only for the certificate it sends; `lazyCertifiedKey` gives
 * the engine a key whose chain is worked out the same way: on first use,
 * then kept.
 */
import type { CryptoProvider } from '@strata/crypto';
import type { CertifiedKey } from '@strata/handshake';
import { type Certificate, type TrustStore, verifyChain } from '@strata/pki';
import type { CertSlot } from './certs.js';
import type { X509 } from './x509.js';

/** What the chain of a slot depends on, read when the chain is first needed. */
export interface ChainSource {
  /** The context's `extra_certs` (used when the slot has no chain of its own). */
  readonly extraCerts: readonly X509[];
  /** The store the automatic chain is built from (the context's `cert_store`). */
  readonly store: TrustStore;
  readonly provider: CryptoProvider;
  /** Whether `SSL_MODE_NO_AUTO_CHAIN` is set on the connection. */
  readonly noAutoChain: boolean;
}

/**
 * libssl's automatic chain for `leaf`: the path `X509_verify_cert` builds
 * from `store` (leaf first), or undefined when that is the leaf alone.
 *
 * libssl sends that path whatever the verification then finds, so only the
 * path is worked out here: verifyChain builds it first (its step 1) and
 * reports nothing before it is complete, and a verify callback that answers
 * "stop" to the first report ends verification there, before any signature
 * is checked (that signature check was the whole cost of the automatic
 * chain). The path is the same; the tests compare it with libssl's.
 */
export function buildAutoChain(
  leaf: Certificate,
  store: TrustStore,
  provider: CryptoProvider,
): readonly Certificate[] | undefined {
  let built: readonly Certificate[];
  try {
    built = verifyChain(leaf, {
      trustStore: store,
      provider,
      noCheckTime: true,
      callback: stopAtFirstReport,
    }).chain;
  } catch {
    // libssl: `(void)X509_verify_cert(xs_ctx); ERR_clear_error();`: a
    // failure leaves at most the leaf, never an error.
    return undefined;
  }
  return built.length > 1 ? built : undefined;
}

const stopAtFirstReport = (): boolean => false;

/** The certificates `slot` sends (leaf first), as `ssl_add_cert_chain`. */
export function sentChain(leaf: X509, slot: CertSlot, src: ChainSource): readonly Certificate[] {
  const configured = slot.chain.length > 0 ? slot.chain : src.extraCerts;
  if (configured.length === 0 && !src.noAutoChain) {
    const built = buildAutoChain(leaf.cert, src.store, src.provider);
    if (built) return built;
  }
  return [leaf.cert, ...configured.map((x) => x.cert)];
}

/**
 * The engine's key for a slot: leaf and private key fixed now, the chain
 * worked out by `sentChain` the first time the engine reads it (when it
 * writes the Certificate message, or a client matches certificate
 * authorities) and kept for the rest of the handshake. A key whose
 * certificate is never sent (another slot, a resumed handshake) costs no
 * chain building at all.
 */
export function lazyCertifiedKey(
  slot: CertSlot,
  source: () => ChainSource,
): CertifiedKey | undefined {
  const leaf = slot.x509;
  const key = slot.privatekey;
  if (!leaf || !key) return undefined;
  let chain: readonly Certificate[] | undefined;
  return {
    privateKey: key.key,
    get chain(): readonly Certificate[] {
      chain ??= sentChain(leaf, slot, source());
      return chain;
    },
  };
}
