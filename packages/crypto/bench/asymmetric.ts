import {
  constants,
  createDiffieHellman,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  randomBytes,
} from 'node:crypto';
import { x448 } from '@noble/curves/ed448.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { ffdheExponentBits, ffdhePrimeHex } from '../src/kx/ffdhe.js';
import {
  ffdhe2048Group,
  ffdhe3072Group,
  ffdhe4096Group,
  secp256r1Group,
  secp384r1Group,
  secp521r1Group,
  x448Group,
  x25519Group,
  x25519MlKem768Group,
} from '../src/kx/groups.js';
import { systemRandom } from '../src/random.js';
import {
  ecdsaSecp256r1Sha256,
  ecdsaSecp384r1Sha384,
  ed25519Scheme,
  rsaPkcs1Sha256,
  rsaPssRsaeSha256,
} from '../src/sig/schemes.js';
import type { KeyExchangeGroup, SignatureScheme } from '../src/types.js';
import { fromNodeKey, loadTestKey, type TestKey } from '../test/keys.js';
import type { BenchCase } from './harness-types.js';

const KX = 'Key exchange';
const SIG = 'Signatures';
/** A CertificateVerify-sized input: 64 spaces, context string, 0, transcript hash. */
const message = new Uint8Array(130).map((_, i) => (i < 64 ? 0x20 : (i * 7) & 0xff));

/** One full ephemeral exchange on our side: a fresh key pair and the shared secret. */
function dhCase(
  name: string,
  group: KeyExchangeGroup,
  nodeType: 'x25519' | 'x448' | 'ec',
  namedCurve: string | undefined,
  noble: (peer: Uint8Array) => unknown,
): BenchCase {
  const peer = group.start(systemRandom);
  const peerShare = peer.publicKey;
  const nodeKeyPair = () =>
    nodeType === 'x25519'
      ? generateKeyPairSync('x25519')
      : nodeType === 'x448'
        ? generateKeyPairSync('x448')
        : generateKeyPairSync('ec', { namedCurve: namedCurve! });
  const nodePeer = nodeKeyPair().publicKey;
  return {
    group: KX,
    name: `${name} keygen + shared`,
    strata: () => group.start(systemRandom).complete(peerShare),
    noble: () => noble(peerShare),
    node: () => {
      const { privateKey } = nodeKeyPair();
      return diffieHellman({ privateKey, publicKey: nodePeer });
    },
  };
}

function hybridCases(): BenchCase[] {
  const client = x25519MlKem768Group.start(systemRandom);
  const clientShare = client.publicKey;
  const nobleClient = () => {
    const kem = ml_kem768.keygen();
    const x = x25519.keygen();
    return [kem, x] as const;
  };
  const [kem, x] = nobleClient();
  const nobleShare = new Uint8Array([...kem.publicKey, ...x.publicKey]);
  return [
    {
      group: KX,
      name: 'X25519MLKEM768 client start',
      strata: () => x25519MlKem768Group.start(systemRandom),
      noble: nobleClient,
    },
    {
      group: KX,
      name: 'X25519MLKEM768 server respond',
      strata: () => x25519MlKem768Group.respond(clientShare, systemRandom),
      noble: () => {
        const enc = ml_kem768.encapsulate(nobleShare.subarray(0, 1184));
        const xs = x25519.keygen();
        return [enc, x25519.getSharedSecret(xs.secretKey, nobleShare.subarray(1184))];
      },
    },
    {
      group: KX,
      name: 'X25519MLKEM768 client start + complete',
      strata: () => {
        const c = x25519MlKem768Group.start(systemRandom);
        const server = x25519MlKem768Group.respond(c.publicKey, systemRandom);
        return c.complete(server.publicKey);
      },
      noble: () => {
        const [k, xk] = nobleClient();
        const enc = ml_kem768.encapsulate(k.publicKey);
        const xs = x25519.keygen();
        x25519.getSharedSecret(xs.secretKey, xk.publicKey);
        return [
          ml_kem768.decapsulate(enc.cipherText, k.secretKey),
          x25519.getSharedSecret(xk.secretKey, xs.publicKey),
        ];
      },
    },
  ];
}

interface SigSetup {
  readonly label: string;
  readonly scheme: SignatureScheme;
  readonly key: TestKey;
  readonly nodeAlgorithm: string | null;
  readonly nodeOptions?: { padding: number; saltLength: number };
  readonly nobleSign?: () => unknown;
  readonly nobleVerify?: (signature: Uint8Array) => unknown;
}

function signatureCases(s: SigSetup): BenchCase[] {
  const signature = s.scheme.sign(s.key.privateKey, message, systemRandom);
  if (!s.scheme.verify(s.key.publicKey, message, signature))
    throw new Error(`${s.label}: bad setup`);
  const nodePrivate: KeyObject | { key: KeyObject; padding: number; saltLength: number } =
    s.nodeOptions ? { key: s.key.nodePrivate, ...s.nodeOptions } : s.key.nodePrivate;
  const nodePublic: KeyObject | { key: KeyObject; padding: number; saltLength: number } =
    s.nodeOptions ? { key: s.key.nodePublic, ...s.nodeOptions } : s.key.nodePublic;
  const nobleVerify = s.nobleVerify;
  return [
    {
      group: SIG,
      name: `${s.label} sign`,
      strata: () => s.scheme.sign(s.key.privateKey, message, systemRandom),
      node: () => nodeSign(s.nodeAlgorithm, message, nodePrivate),
      ...(s.nobleSign ? { noble: s.nobleSign } : {}),
    },
    {
      group: SIG,
      name: `${s.label} verify`,
      strata: () => s.scheme.verify(s.key.publicKey, message, signature),
      node: () => nodeVerify(s.nodeAlgorithm, message, nodePublic, signature),
      ...(nobleVerify ? { noble: () => nobleVerify(signature) } : {}),
    },
  ];
}

function ecSetup(label: string, scheme: SignatureScheme, curve: 'P-256' | 'P-384'): SigSetup {
  const key = fromNodeKey(generateKeyPairSync('ec', { namedCurve: curve }).privateKey);
  const noble = curve === 'P-256' ? p256 : p384;
  const d = key.privateKey.kind === 'ec' ? key.privateKey.d : new Uint8Array();
  const point = key.publicKey.kind === 'ec' ? key.publicKey.point : new Uint8Array();
  return {
    label,
    scheme,
    key,
    nodeAlgorithm: curve === 'P-256' ? 'sha256' : 'sha384',
    // noble hashes with the curve's own hash (SHA-256 / SHA-384) by default: the same operation.
    nobleSign: () => noble.sign(message, d, { format: 'der' }),
    nobleVerify: (sig) => noble.verify(sig, message, point, { format: 'der', lowS: false }),
  };
}

/**
 * FFDHE (RFC 7919): a key pair and the shared secret. noble has no
 * finite-field DH, so no noble column; node:crypto gets the same short
 * exponent length as ours (createDiffieHellman over the RFC prime, an
 * exponent of the RFC 7919 length set before generateKeys).
 */
function ffdheCase(group: KeyExchangeGroup): BenchCase {
  const peerShare = group.start(systemRandom).publicKey;
  const prime = Buffer.from(ffdhePrimeHex[group.name]!, 'hex');
  const exponentBytes = Math.ceil(ffdheExponentBits[group.name]! / 8);
  return {
    group: KX,
    name: `${group.name} keygen + shared`,
    strata: () => group.start(systemRandom).complete(peerShare),
    node: () => {
      const dh = createDiffieHellman(prime, 2);
      dh.setPrivateKey(randomBytes(exponentBytes));
      dh.generateKeys();
      return dh.computeSecret(peerShare);
    },
  };
}

/** The benchmark cases for key exchange and signatures. */
export function asymmetricCases(): BenchCase[] {
  const ed = fromNodeKey(generateKeyPairSync('ed25519').privateKey);
  const edSeed = ed.privateKey.kind === 'ed25519' ? ed.privateKey.seed : new Uint8Array();
  const edPublic = ed.publicKey.kind === 'ed25519' ? ed.publicKey.key : new Uint8Array();
  const rsa = loadTestKey('rsa-2048.test-key.pem');
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  return [
    dhCase('X25519', x25519Group, 'x25519', undefined, (peer) =>
      x25519.getSharedSecret(x25519.keygen().secretKey, peer),
    ),
    dhCase('P-256 ECDH', secp256r1Group, 'ec', 'P-256', (peer) =>
      p256.getSharedSecret(p256.keygen().secretKey, peer),
    ),
    dhCase('P-384 ECDH', secp384r1Group, 'ec', 'P-384', (peer) =>
      p384.getSharedSecret(p384.keygen().secretKey, peer),
    ),
    dhCase('X448', x448Group, 'x448', undefined, (peer) =>
      x448.getSharedSecret(x448.keygen().secretKey, peer),
    ),
    dhCase('P-521 ECDH', secp521r1Group, 'ec', 'P-521', (peer) =>
      p521.getSharedSecret(p521.keygen().secretKey, peer),
    ),
    ffdheCase(ffdhe2048Group),
    ffdheCase(ffdhe3072Group),
    ffdheCase(ffdhe4096Group),
    ...hybridCases(),
    ...signatureCases(ecSetup('ECDSA P-256 SHA-256', ecdsaSecp256r1Sha256, 'P-256')),
    ...signatureCases(ecSetup('ECDSA P-384 SHA-384', ecdsaSecp384r1Sha384, 'P-384')),
    ...signatureCases({
      label: 'Ed25519',
      scheme: ed25519Scheme,
      key: ed,
      nodeAlgorithm: null,
      nobleSign: () => ed25519.sign(message, edSeed),
      nobleVerify: (sig) => ed25519.verify(sig, message, edPublic, { zip215: false }),
    }),
    // RSA: noble has none, so no noble column (bench/rsa-choice.ts compares micro-rsa-dsa-dh).
    ...signatureCases({
      label: 'RSA-2048 PSS SHA-256',
      scheme: rsaPssRsaeSha256,
      key: rsa,
      nodeAlgorithm: 'sha256',
      nodeOptions: pss,
    }),
    ...signatureCases({
      label: 'RSA-2048 PKCS#1 SHA-256',
      scheme: rsaPkcs1Sha256,
      key: rsa,
      nodeAlgorithm: 'sha256',
    }),
  ];
}
