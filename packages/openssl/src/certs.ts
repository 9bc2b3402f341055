/**
 * libssl's certificate slots (`CERT_PKEY pkeys[SSL_PKEY_NUM]`): one
 * certificate, private key and chain per key type, and a current slot that
 * the last `*_use_certificate`/`*_use_PrivateKey` selected. A server offers
 * every filled slot and picks one by the client's signature_algorithms.
 */
import type { SignatureScheme } from '@strata/crypto';
import type { EVP_PKEY, X509 } from './x509.js';

export const SSL_PKEY_RSA = 0;
export const SSL_PKEY_RSA_PSS_SIGN = 1;
export const SSL_PKEY_DSA_SIGN = 2;
export const SSL_PKEY_ECC = 3;
export const SSL_PKEY_GOST01 = 4;
export const SSL_PKEY_GOST12_256 = 5;
export const SSL_PKEY_GOST12_512 = 6;
export const SSL_PKEY_ED25519 = 7;
export const SSL_PKEY_ED448 = 8;
export const SSL_PKEY_NUM = 9;

/** `SSL_CERT_SET_FIRST` / `SSL_CERT_SET_NEXT` for `SSL_CTX_set_current_cert`. */
export const SSL_CERT_SET_FIRST = 1;
export const SSL_CERT_SET_NEXT = 2;

const ED448_OID = '1.3.101.113';

/** One slot (`CERT_PKEY`). */
export interface CertSlot {
  x509: X509 | undefined;
  privatekey: EVP_PKEY | undefined;
  /** Intermediates of this slot (`SSL_CTX_add0_chain_cert`, chain files). */
  chain: X509[];
}

/** @internal The slots of an `SSL_CTX` or `SSL` (libssl's `CERT`). */
export class CertSlots {
  readonly pkeys: CertSlot[] = Array.from({ length: SSL_PKEY_NUM }, () => ({
    x509: undefined,
    privatekey: undefined,
    chain: [],
  }));
  /** libssl's `c->key`: starts at the RSA slot. */
  current = SSL_PKEY_RSA;

  get slot(): CertSlot {
    return this.pkeys[this.current]!;
  }

  clone(): CertSlots {
    const c = new CertSlots();
    c.current = this.current;
    this.pkeys.forEach((p, i) => {
      c.pkeys[i] = { x509: p.x509, privatekey: p.privatekey, chain: [...p.chain] };
    });
    return c;
  }

  /** Slot indexes with both a certificate and its key, in slot order. */
  filled(): number[] {
    const out: number[] = [];
    this.pkeys.forEach((p, i) => {
      if (p.x509 && p.privatekey) out.push(i);
    });
    return out;
  }
}

/** `ssl_cert_lookup_by_pkey` for a certificate's public key: the slot, or -1. */
export function slotOfCertificate(x: X509): number {
  const pk = x.cert.publicKey;
  switch (pk.key?.kind) {
    case 'rsa':
      return pk.pssOnly ? SSL_PKEY_RSA_PSS_SIGN : SSL_PKEY_RSA;
    case 'ec':
      return SSL_PKEY_ECC;
    case 'ed25519':
      return SSL_PKEY_ED25519;
    default:
      return pk.algorithm === ED448_OID ? SSL_PKEY_ED448 : -1;
  }
}

/** The slot of a private key, or -1. */
export function slotOfKey(k: EVP_PKEY): number {
  switch (k.key.key.kind) {
    case 'rsa':
      return k.key.pssOnly ? SSL_PKEY_RSA_PSS_SIGN : SSL_PKEY_RSA;
    case 'ec':
      return SSL_PKEY_ECC;
    case 'ed25519':
      return SSL_PKEY_ED25519;
    default:
      return -1;
  }
}

/** Whether a TLS 1.3 CertificateVerify scheme can be made with the certificate of `slot`. */
export function schemeFitsSlot(scheme: SignatureScheme, slot: number, x: X509): boolean {
  switch (slot) {
    case SSL_PKEY_RSA:
      return scheme.keyKind === 'rsa' && scheme.padding === 'pss' && scheme.pssKeyOnly !== true;
    case SSL_PKEY_RSA_PSS_SIGN:
      return scheme.keyKind === 'rsa' && scheme.pssKeyOnly === true;
    case SSL_PKEY_ECC: {
      const k = x.cert.publicKey.key;
      return scheme.keyKind === 'ec' && k?.kind === 'ec' && scheme.curve === k.curve;
    }
    case SSL_PKEY_ED25519:
      return scheme.keyKind === 'ed25519';
    default:
      return false;
  }
}

/**
 * libssl's TLS 1.3 choice (`tls_choose_sigalg`): walk the shared sigalgs in
 * the preferred order (the client's, or ours with
 * SSL_OP_CIPHER_SERVER_PREFERENCE) and take the first whose slot is filled.
 * Returns the filled slots ordered so that slot comes first (the engine takes
 * the first certificate that fits), the others after in slot order.
 */
export function orderSlots(
  slots: CertSlots,
  ours: readonly SignatureScheme[],
  peer: readonly number[] | undefined,
  serverPreference: boolean,
): number[] {
  const filled = slots.filled();
  if (!peer) return filled;
  const shared = serverPreference
    ? ours.filter((s) => peer.includes(s.code))
    : peer.flatMap((c) => ours.filter((s) => s.code === c));
  for (const scheme of shared) {
    const hit = filled.find((i) => schemeFitsSlot(scheme, i, slots.pkeys[i]!.x509!));
    if (hit !== undefined) return [hit, ...filled.filter((i) => i !== hit)];
  }
  return filled;
}
