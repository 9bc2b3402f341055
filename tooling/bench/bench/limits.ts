/**
 * The crypto-bound limits: the raw provider operations one handshake needs
 * (both sides, since client and server run in one process; the operation
 * list is @strata/handshake's bench/crypto-bound.ts, shared with that
 * package's `pnpm bench`), and the raw AEAD seal+open rate for bulk. Each is a set of sampler cases; the limit of
 * a round is 1 / Σ (count × cost) over that round's samples.
 */
import { nobleProvider, type SignatureScheme } from '@strata/crypto';
import {
  type CryptoBoundOp,
  cryptoBoundHandshake,
  fullHandshakeOps,
  resumedHandshakeOps,
} from '@strata/handshake/bench';
import { parseCertificatePem, parsePrivateKey } from '@strata/pki';
import type { CertKind, CertSet } from './fixtures.js';
import {
  type Case,
  collectGarbage,
  cpuMs,
  type PairedResult,
  pairedSummary,
  rateOfSync,
} from './sampler.js';
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
export type LimitOp = CryptoBoundOp;

/** The CA's signature on the leaf, as a TLS signature scheme (sha256WithRSAEncryption = rsa_pkcs1_sha256). */
const CA_SCHEME: Readonly<Record<CertKind, number>> = { ecdsa_p256: 0x0403, rsa2048: 0x0401 };

function group(name: GroupName) {
  const g = P.groups.find((x) => x.code === GROUP_CODES[name]);
  if (!g) throw new Error(`provider lacks group ${name}`);
  return g;
}

/**
 * The full handshake's operations, from the one definition @strata/handshake's
 * own bench uses (packages/handshake/bench/crypto-bound.ts): the certificate
 * kind's signatures, the group's key exchange, and the symmetric work over the
 * `handshakeBytes` a real handshake moved.
 */
export function handshakeOps(
  set: CertSet,
  kind: CertKind,
  groupName: GroupName,
  handshakeBytes: number,
): LimitOp[] {
  const leaf = parseCertificatePem(set.certPem);
  const ca = parseCertificatePem(set.caPem);
  return fullHandshakeOps({
    provider: P,
    kind,
    group: group(groupName),
    suite: tls13Suite(0x1301),
    cvScheme: scheme(SERVER_SCHEME[kind]),
    serverKey: parsePrivateKey(set.keyPem),
    leafPublicKey: leaf.publicKey,
    caScheme: scheme(CA_SCHEME[kind]),
    caPublicKey: ca.publicKey,
    leafTbs: leaf.tbs,
    leafSignature: leaf.signature,
    handshakeBytes,
  });
}

/** The resumed (psk_dhe_ke) handshake's operations, from the same definition. */
export function resumedOps(
  groupName: GroupName,
  handshakeBytes: number,
  ticketBytes: number,
): LimitOp[] {
  return resumedHandshakeOps({
    provider: P,
    group: group(groupName),
    suite: tls13Suite(0x1301),
    handshakeBytes,
    ticketBytes,
  });
}

export function opCases(ops: readonly LimitOp[]): Case[] {
  return ops.map((op) => ({
    key: op.key,
    sample: (budget: number) => rateOfSync(op.fn, budget, 2),
    warmUp: () => void rateOfSync(op.fn, 30, 2),
  }));
}

export interface PairedLimit {
  /** Handshake rate over crypto-bound rate (operations in sequence), per block pair: the goal's figure. */
  readonly ratio: PairedResult;
  /** Crypto-bound handshakes per CPU second (operations in sequence), one per pair. */
  readonly limitRates: readonly number[];
  /**
   * Handshake rate over the rate the operations allow when each runs in its
   * own hot loop (k × count calls of one operation, then the next), in the
   * same blocks: the optimistic ceiling, measured next to the handshake.
   */
  readonly isolatedRatio: PairedResult;
  /** Handshakes per block. */
  readonly perBlock: number;
}

/**
 * The goal's measurement: blocks of `k` real handshakes, blocks of `k`
 * crypto-bound handshakes (the operations in sequence and nothing else,
 * `cryptoBoundHandshake`) and blocks of the same operations each in its own
 * hot loop, in an order rotated from one triple to the next, ~`blockMs` of
 * CPU each, each after a garbage collection. The blocks of a triple run a
 * fraction of a second apart, so the machine's drift cancels in their
 * ratios, and all pay the same kinds of costs (their own garbage, code and
 * caches). `k` is calibrated from two timed handshakes.
 */
export function pairedLimit(
  handshake: () => void,
  ops: readonly LimitOp[],
  pairs: number,
  blockMs: number,
): PairedLimit {
  const sequence = () => cryptoBoundHandshake(ops);
  for (let i = 0; i < 3; i++) {
    handshake();
    sequence();
  }
  const t0 = cpuMs();
  handshake();
  handshake();
  const k = Math.max(1, Math.round(blockMs / Math.max((cpuMs() - t0) / 2, 0.05)));
  const timed = (f: () => void) => {
    collectGarbage();
    const start = cpuMs();
    f();
    return Math.max(cpuMs() - start, 1e-3);
  };
  const blocks: readonly (() => void)[] = [
    () => {
      for (let i = 0; i < k; i++) handshake();
    },
    () => {
      for (let i = 0; i < k; i++) sequence();
    },
    () => {
      for (const op of ops) for (let i = 0; i < k * op.count; i++) op.fn();
    },
  ];
  for (const b of blocks) b(); // warm-up
  const seqRatios: number[] = [];
  const isoRatios: number[] = [];
  const limitRates: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const ms = [0, 0, 0];
    for (let j = 0; j < 3; j++) {
      const which = (p + j) % 3;
      ms[which] = timed(blocks[which]!);
    }
    seqRatios.push(ms[1]! / ms[0]!);
    isoRatios.push(ms[2]! / ms[0]!);
    limitRates.push((k * 1000) / ms[1]!);
  }
  return {
    ratio: pairedSummary(seqRatios),
    limitRates,
    isolatedRatio: pairedSummary(isoRatios),
    perBlock: k,
  };
}

/**
 * Per-round sum of the operations each timed alone, in its own hot loop (handshakes per CPU
 * second): the optimistic ceiling, printed beside the paired figure.
 */
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
