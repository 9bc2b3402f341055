/**
 * The crypto-bound limits: the raw provider operations one handshake needs
 * (both sides, since client and server run in one process), and the raw
 * AEAD seal+open rate for bulk. Each is a set of sampler cases; the limit of
 * a round is 1 / Σ (count × cost) over that round's samples.
 */
import { nobleProvider, type SignatureScheme } from '@strata/crypto';
import { certificateVerifyContent, finishedVerifyData, KeyScheduleEarly } from '@strata/handshake';
import { parseCertificatePem, parsePrivateKey } from '@strata/pki';
import { tls13Keys } from '@strata/record';
import type { CertKind, CertSet } from './fixtures.js';
import { type Case, cpuMs, rateOfSync } from './sampler.js';
import {
  GROUP_CODES,
  type GroupName,
  SERVER_SCHEME,
  SUITE_CODES,
  type SuiteName,
} from './strata.js';

const P = nobleProvider;

function scheme(code: number): SignatureScheme {
  const s = P.signatureSchemes.find((x) => x.code === code);
  if (!s) throw new Error(`provider lacks signature scheme 0x${code.toString(16)}`);
  return s;
}

function tls13Suite(code: number) {
  const s = P.cipherSuites.find((x) => x.code === code);
  if (s?.version !== 'TLS1.3')
    throw new Error(`provider lacks TLS 1.3 suite 0x${code.toString(16)}`);
  return s;
}

/** One primitive operation and how many times a handshake needs it. */
export interface LimitOp {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly fn: () => unknown;
}

/** The CA's signature on the leaf, as a TLS signature scheme (sha256WithRSAEncryption = rsa_pkcs1_sha256). */
const CA_SCHEME: Readonly<Record<CertKind, number>> = { ecdsa_p256: 0x0403, rsa2048: 0x0401 };

/**
 * Operations for the certificate kind's signatures and the group's key
 * exchange, plus the symmetric work (key schedule both sides, transcript
 * hash and AEAD over the `handshakeBytes` a real handshake moved).
 */
export function handshakeOps(
  set: CertSet,
  kind: CertKind,
  group: GroupName,
  handshakeBytes: number,
): LimitOp[] {
  const g = P.groups.find((x) => x.code === GROUP_CODES[group]);
  if (!g) throw new Error(`provider lacks group ${group}`);
  const leaf = parseCertificatePem(set.certPem);
  const ca = parseCertificatePem(set.caPem);
  const key = parsePrivateKey(set.keyPem);
  const cv = scheme(SERVER_SCHEME[kind]);
  const caScheme = scheme(CA_SCHEME[kind]);
  const content = certificateVerifyContent('server', new Uint8Array(32));
  const signature = cv.sign(key.key, content, P.random);
  if (!cv.verify(leaf.publicKey.key!, content, signature)) throw new Error('limit: CV verify');
  if (!caScheme.verify(ca.publicKey.key!, leaf.tbs, leaf.signature))
    throw new Error('limit: CA verify');
  const clientShare = g.start(P.random).publicKey;
  const serverShare = g.respond(clientShare, P.random).publicKey;
  const suite = tls13Suite(0x1301);
  const h = suite.hash;
  const transcript = new Uint8Array(handshakeBytes);
  const z = new Uint8Array(32);
  return [
    {
      key: `kx.${group}.client`,
      label: `${g.name} client: key pair + shared secret`,
      count: 1,
      fn: () => g.start(P.random).complete(serverShare),
    },
    {
      key: `kx.${group}.server`,
      label: `${g.name} server: respond`,
      count: 1,
      fn: () => g.respond(clientShare, P.random),
    },
    {
      key: `sig.${kind}.sign`,
      label: `${cv.name} sign (CertificateVerify)`,
      count: 1,
      fn: () => cv.sign(key.key, content, P.random),
    },
    {
      key: `sig.${kind}.verify_cv`,
      label: `${cv.name} verify (CertificateVerify)`,
      count: 1,
      fn: () => cv.verify(leaf.publicKey.key!, content, signature),
    },
    {
      key: `sig.${kind}.verify_chain`,
      label: `${caScheme.name} verify (leaf signed by the CA)`,
      count: 1,
      fn: () => caScheme.verify(ca.publicKey.key!, leaf.tbs, leaf.signature),
    },
    {
      key: `sym.${group}.${kind}`,
      label: `key schedule, Finished MACs, transcript hash, AEAD over ${handshakeBytes} B (per side)`,
      count: 2,
      fn: () => {
        const hs = KeyScheduleEarly.start(h).intoHandshake(z, z);
        finishedVerifyData(h, hs.serverHandshakeTrafficSecret, z);
        finishedVerifyData(h, hs.clientHandshakeTrafficSecret, z);
        const t = hs.intoTraffic(z);
        t.resumptionMasterSecret(z);
        for (const s of [
          hs.clientHandshakeTrafficSecret,
          hs.serverHandshakeTrafficSecret,
          t.clientApplicationTrafficSecret,
          t.serverApplicationTrafficSecret,
        ])
          tls13Keys(suite, s);
        h.digest(transcript);
        const aead = suite.aead.create(new Uint8Array(16));
        const nonce = new Uint8Array(12);
        const sealed = aead.seal(nonce, transcript, new Uint8Array(5));
        aead.open(nonce, sealed, new Uint8Array(5));
      },
    },
  ];
}

export function opCases(ops: readonly LimitOp[]): Case[] {
  return ops.map((op) => ({
    key: op.key,
    sample: (budget: number) => rateOfSync(op.fn, budget, 2),
    warmUp: () => void rateOfSync(op.fn, 30, 2),
  }));
}

/** Per-round limit (handshakes per CPU second) from per-round op rates. */
export function limitSeries(
  ops: readonly LimitOp[],
  rounds: ReadonlyMap<string, readonly number[]>,
): number[] {
  const n = Math.min(...ops.map((op) => rounds.get(op.key)?.length ?? 0));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let ms = 0;
    for (const op of ops) ms += (op.count * 1000) / rounds.get(op.key)![i]!;
    out.push(1000 / ms);
  }
  return out;
}

export const RECORD = 16384;

/**
 * Raw AEAD: seal then open of 16 KiB TLS 1.3 records with the provider's
 * `AeadKey`, as many records as carry `bytesPerSample` (the same volume as
 * one bulk sample, so paired samples are alike in length); rates in bytes
 * per CPU second.
 */
export function rawAeadCase(suite: SuiteName, bytesPerSample: number): Case {
  const s = tls13Suite(SUITE_CODES[suite]);
  const key = s.aead.create(new Uint8Array(s.aead.keyLength).fill(7));
  const nonce = new Uint8Array(s.aead.nonceLength);
  const aad = new Uint8Array(5);
  const plain = new Uint8Array(RECORD + 1);
  const fn = () => {
    const sealed = key.seal(nonce, plain, aad);
    if (!key.open(nonce, sealed, aad)) throw new Error('raw AEAD: open failed');
  };
  const records = Math.max(1, Math.ceil(bytesPerSample / RECORD));
  return {
    key: `raw.${suite}`,
    sample: () => {
      const start = cpuMs();
      for (let i = 0; i < records; i++) fn();
      return (records * RECORD * 1000) / Math.max(cpuMs() - start, 1e-3);
    },
    warmUp: () => void rateOfSync(fn, 50, 2),
  };
}

/** CPU milliseconds to seal and open `bytes` as 16 KiB records with the suite's AEAD. */
export function rawAeadBlock(suite: SuiteName, bytes: number): () => number {
  const s = tls13Suite(SUITE_CODES[suite]);
  const key = s.aead.create(new Uint8Array(s.aead.keyLength).fill(9));
  const nonce = new Uint8Array(s.aead.nonceLength);
  const aad = new Uint8Array(5);
  const plain = new Uint8Array(RECORD + 1);
  const records = Math.max(1, Math.ceil(bytes / RECORD));
  return () => {
    const start = cpuMs();
    for (let i = 0; i < records; i++) {
      const sealed = key.seal(nonce, plain, aad);
      if (!key.open(nonce, sealed, aad)) throw new Error('raw AEAD: open failed');
    }
    return cpuMs() - start;
  };
}
