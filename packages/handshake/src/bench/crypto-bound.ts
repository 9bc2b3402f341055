/**
 * The crypto-bound limit of a TLS 1.3 handshake: the raw provider operations
 * one handshake needs, client and server both (they run in one process in
 * every benchmark that uses this). The one definition shared by this
 * package's `pnpm bench` (bench/handshake.bench.ts) and the repository's
 * `pnpm bench` (tooling/bench/bench/limits.ts), so both divide by the same
 * thing. The limit is 1 / Σ (count × cost of one call), each cost measured
 * in the same run.
 *
 * Full handshake (certificate authentication):
 * - client: one key pair + shared secret of the group; server: one respond;
 * - server: one CertificateVerify signature; client: verifies it, and the
 *   leaf's signature by the CA (a one-certificate chain under a trusted CA);
 * - per side: the key schedule (early → handshake → traffic secrets and the
 *   resumption master secret), both Finished MACs, traffic keys and IVs for
 *   four secrets, and the transcript hash over the handshake's bytes;
 * - once: AEAD seal + open of the handshake's bytes (each encrypted byte is
 *   sealed by one side and opened by the other).
 *
 * Resumed handshake (psk_dhe_ke, from a stateless ticket): the group's key
 * exchange as above, no signatures; per side the key schedule from the PSK,
 * the binder key and binder MAC, as above otherwise; the AEAD of the
 * handshake bytes once; and the server's ticket work: opening the offered
 * ticket and sealing one new ticket (`ticketBytes` each).
 *
 * Not counted (Strata's own work): parsing, encoding, state machines,
 * certificate parsing and path building, record framing, copies.
 *
 * How the limit is measured. `cryptoBoundHandshake(ops)` runs one
 * handshake's worth of the operations, in order: a handshake that did its
 * crypto and nothing else. Timing blocks of those against blocks of real
 * handshakes, alternating, a fraction of a second apart, gives the ratio
 * the goal is judged on (both blocks pay the same kinds of costs: garbage
 * collection of the primitives' own allocations, caches and JIT code shared
 * between different operations). `limitFromRates` gives the other figure,
 * the sum of each operation timed alone in its own hot loop: an optimistic
 * ceiling (each primitive alone keeps its code and data hot and its garbage
 * small), printed beside it.
 */
import type {
  CipherSuite,
  CryptoProvider,
  KeyExchangeGroup,
  SignatureScheme,
} from '@strata/crypto';
import type { LoadedPrivateKey, PublicKeyInfo } from '@strata/pki';
import { tls13Keys } from '@strata/record';
import { finishedVerifyData, KeyScheduleEarly } from '../tls13/key-schedule.js';
import { certificateVerifyContent } from '../tls13/signed-content.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;
const EMPTY = new Uint8Array(0);

/** One primitive operation and how many times a handshake needs it. */
export interface CryptoBoundOp {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly fn: () => unknown;
}

export interface FullHandshakeShape {
  readonly provider: CryptoProvider;
  /** A short name for the keys (e.g. `ecdsa_p256`). */
  readonly kind: string;
  readonly group: KeyExchangeGroup;
  readonly suite: Tls13Suite;
  /** The server's CertificateVerify scheme and key. */
  readonly cvScheme: SignatureScheme;
  readonly serverKey: LoadedPrivateKey;
  readonly leafPublicKey: PublicKeyInfo;
  /** The CA's signature on the leaf: its scheme, key, and the signed bytes. */
  readonly caScheme: SignatureScheme;
  readonly caPublicKey: PublicKeyInfo;
  readonly leafTbs: Uint8Array;
  readonly leafSignature: Uint8Array;
  /** Bytes a real handshake of this shape moved (both directions). */
  readonly handshakeBytes: number;
}

function kxOps(p: CryptoProvider, g: KeyExchangeGroup, prefix: string): CryptoBoundOp[] {
  const clientShare = g.start(p.random).publicKey;
  const serverShare = g.respond(clientShare, p.random).publicKey;
  return [
    {
      key: `${prefix}kx.${g.name}.client`,
      label: `${g.name} client: key pair + shared secret`,
      count: 1,
      fn: () => g.start(p.random).complete(serverShare),
    },
    {
      key: `${prefix}kx.${g.name}.server`,
      label: `${g.name} server: respond`,
      count: 1,
      fn: () => g.respond(clientShare, p.random),
    },
  ];
}

function symmetricOps(
  suite: Tls13Suite,
  handshakeBytes: number,
  prefix: string,
  psk: boolean,
): CryptoBoundOp[] {
  const h = suite.hash;
  const z = new Uint8Array(h.outputLength);
  const transcript = new Uint8Array(handshakeBytes);
  const aead = suite.aead.create(new Uint8Array(suite.aead.keyLength));
  const nonce = new Uint8Array(suite.aead.nonceLength);
  const aad = new Uint8Array(5);
  return [
    {
      key: `${prefix}sym.${suite.code.toString(16)}.schedule.${handshakeBytes}`,
      label: `key schedule${psk ? ' from the PSK, binder' : ''}, Finished MACs, traffic keys, transcript hash of ${handshakeBytes} B (per side)`,
      count: 2,
      fn: () => {
        const early = KeyScheduleEarly.start(h, psk ? z : undefined);
        if (psk) finishedVerifyData(h, early.binderKey('resumption'), z);
        const hs = early.intoHandshake(z, z);
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
      },
    },
    {
      key: `${prefix}sym.${suite.code.toString(16)}.aead.${handshakeBytes}`,
      label: `${suite.name} seal + open of ${handshakeBytes} B of handshake records`,
      count: 1,
      fn: () => {
        const sealed = aead.seal(nonce, transcript, aad);
        if (!aead.open(nonce, sealed, aad)) throw new Error('crypto-bound: AEAD open');
      },
    },
  ];
}

/** The operations of one full handshake of this shape. */
export function fullHandshakeOps(s: FullHandshakeShape): CryptoBoundOp[] {
  const p = s.provider;
  const content = certificateVerifyContent('server', new Uint8Array(s.suite.hash.outputLength));
  const signature = s.cvScheme.sign(s.serverKey.key, content, p.random);
  if (!s.cvScheme.verify(s.leafPublicKey.key!, content, signature)) {
    throw new Error('crypto-bound: CertificateVerify does not verify');
  }
  if (!s.caScheme.verify(s.caPublicKey.key!, s.leafTbs, s.leafSignature)) {
    throw new Error('crypto-bound: the leaf is not signed by the CA');
  }
  return [
    ...kxOps(p, s.group, ''),
    {
      key: `sig.${s.kind}.sign`,
      label: `${s.cvScheme.name} sign (CertificateVerify)`,
      count: 1,
      fn: () => s.cvScheme.sign(s.serverKey.key, content, p.random),
    },
    {
      key: `sig.${s.kind}.verify_cv`,
      label: `${s.cvScheme.name} verify (CertificateVerify)`,
      count: 1,
      fn: () => s.cvScheme.verify(s.leafPublicKey.key!, content, signature),
    },
    {
      key: `sig.${s.kind}.verify_chain`,
      label: `${s.caScheme.name} verify (leaf signed by the CA)`,
      count: 1,
      fn: () => s.caScheme.verify(s.caPublicKey.key!, s.leafTbs, s.leafSignature),
    },
    ...symmetricOps(s.suite, s.handshakeBytes, '', false),
  ];
}

export interface ResumedHandshakeShape {
  readonly provider: CryptoProvider;
  readonly group: KeyExchangeGroup;
  readonly suite: Tls13Suite;
  readonly handshakeBytes: number;
  /** Length of a ticket: the server opens the offered one and seals a new one. */
  readonly ticketBytes: number;
}

/** The operations of one resumed (psk_dhe_ke) handshake of this shape. */
export function resumedHandshakeOps(s: ResumedHandshakeShape): CryptoBoundOp[] {
  const aead = s.suite.aead.create(new Uint8Array(s.suite.aead.keyLength));
  const nonce = new Uint8Array(s.suite.aead.nonceLength);
  const body = new Uint8Array(s.ticketBytes);
  return [
    ...kxOps(s.provider, s.group, 'resumed.'),
    ...symmetricOps(s.suite, s.handshakeBytes, 'resumed.', true),
    {
      key: `resumed.ticket.${s.ticketBytes}`,
      label: `ticket: seal a new one and open the offered one (${s.ticketBytes} B AEAD each)`,
      count: 1,
      fn: () => {
        const sealed = aead.seal(nonce, body, EMPTY);
        if (!aead.open(nonce, sealed, EMPTY)) throw new Error('crypto-bound: ticket open');
      },
    },
  ];
}

/** One handshake's worth of the operations, in order: the crypto-bound handshake. */
export function cryptoBoundHandshake(ops: readonly CryptoBoundOp[]): void {
  for (const op of ops) for (let i = 0; i < op.count; i++) op.fn();
}

/** Handshakes per second the operations allow, from each op's calls per second (each timed alone). */
export function limitFromRates(
  ops: readonly CryptoBoundOp[],
  rateOf: (op: CryptoBoundOp) => number,
): number {
  let ms = 0;
  for (const op of ops) ms += (op.count * 1000) / rateOf(op);
  return 1000 / ms;
}
