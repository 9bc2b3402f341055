import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import type { HashName, SignatureAlgorithm } from '@strata/crypto';
import type { AlertName } from '@strata/wire';
import { decodeAsn1, u8 } from './asn1.js';
import { Oid } from './oids.js';

/** A certificate's signature algorithm: its OID, OpenSSL's name, and what @strata/crypto runs for it. */
export interface SignatureAlgorithmInfo {
  readonly oid: string;
  /** OpenSSL's long name (`OBJ_nid2ln`: `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `ED25519`, `rsassaPss`) or the OID. */
  readonly name: string;
  /** Undefined when Strata cannot verify it (SHA-1, unknown OIDs, PSS with a different MGF1 hash). */
  readonly algorithm: SignatureAlgorithm | undefined;
}

const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  [Oid.sha256]: 'sha256',
  [Oid.sha384]: 'sha384',
  [Oid.sha512]: 'sha512',
};

const SIMPLE: Readonly<
  Record<string, { name: string; algorithm: SignatureAlgorithm | undefined }>
> = {
  [Oid.sha1WithRSAEncryption]: { name: 'sha1WithRSAEncryption', algorithm: undefined },
  [Oid.sha256WithRSAEncryption]: {
    name: 'sha256WithRSAEncryption',
    algorithm: { kind: 'rsa-pkcs1', hash: 'sha256' },
  },
  [Oid.sha384WithRSAEncryption]: {
    name: 'sha384WithRSAEncryption',
    algorithm: { kind: 'rsa-pkcs1', hash: 'sha384' },
  },
  [Oid.sha512WithRSAEncryption]: {
    name: 'sha512WithRSAEncryption',
    algorithm: { kind: 'rsa-pkcs1', hash: 'sha512' },
  },
  [Oid.ecdsaWithSha256]: {
    name: 'ecdsa-with-SHA256',
    algorithm: { kind: 'ecdsa', hash: 'sha256' },
  },
  [Oid.ecdsaWithSha384]: {
    name: 'ecdsa-with-SHA384',
    algorithm: { kind: 'ecdsa', hash: 'sha384' },
  },
  [Oid.ecdsaWithSha512]: {
    name: 'ecdsa-with-SHA512',
    algorithm: { kind: 'ecdsa', hash: 'sha512' },
  },
  [Oid.ed25519]: { name: 'ED25519', algorithm: { kind: 'ed25519' } },
};

/** RSASSA-PSS parameters (RFC 4055 §3.1); `hash` undefined when not one Strata runs. */
export interface PssParameters {
  readonly hash: HashName | undefined;
  readonly mgf1Hash: HashName | undefined;
  readonly saltLength: number;
}

export function parsePssParameters(
  params: ArrayBuffer | null | undefined,
  alert: AlertName,
): PssParameters {
  if (params === undefined || params === null) {
    // All defaults: SHA-1, MGF1 with SHA-1, salt 20.
    return { hash: undefined, mgf1Hash: undefined, saltLength: 20 };
  }
  const p = decodeAsn1(u8(params), RsaSaPssParams, alert, 'RSASSA-PSS parameters');
  const hash = HASH_BY_OID[p.hashAlgorithm.algorithm];
  let mgf1Hash: HashName | undefined;
  if (p.maskGenAlgorithm.algorithm === Oid.mgf1) {
    const mgfParams = p.maskGenAlgorithm.parameters;
    if (mgfParams) {
      const h = decodeAsn1(u8(mgfParams), AlgorithmIdentifier, alert, 'MGF1 parameters');
      mgf1Hash = HASH_BY_OID[h.algorithm];
    }
  }
  if (p.trailerField !== 1) return { hash: undefined, mgf1Hash, saltLength: p.saltLength };
  return { hash, mgf1Hash, saltLength: p.saltLength };
}

export function signatureAlgorithmInfo(
  id: AlgorithmIdentifier,
  alert: AlertName,
): SignatureAlgorithmInfo {
  const simple = SIMPLE[id.algorithm];
  if (simple) return { oid: id.algorithm, ...simple };
  if (id.algorithm === Oid.rsassaPss) {
    const p = parsePssParameters(id.parameters, alert);
    const ok = p.hash !== undefined && p.mgf1Hash === p.hash;
    return {
      oid: id.algorithm,
      name: 'rsassaPss',
      algorithm: ok ? { kind: 'rsa-pss', hash: p.hash!, saltLength: p.saltLength } : undefined,
    };
  }
  return { oid: id.algorithm, name: id.algorithm, algorithm: undefined };
}
