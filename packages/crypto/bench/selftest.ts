/**
 * `pnpm --filter @strata/crypto selftest`: a quick self-test of the default
 * provider. Known answers from the RFCs (key schedule, AEAD, HKDF, PRF), then
 * a round trip through every key exchange group and every signature scheme
 * the provider offers, with node:crypto as an independent verifier. Prints a
 * table; exits 1 on any mismatch.
 */
import { constants, generateKeyPairSync, type KeyObject, verify as nodeVerify } from 'node:crypto';
import { fromHex, isTlsError, toHex, utf8 } from '@strata/wire';
import { tls12Prf } from '../src/kdf/tls12-prf.js';
import { deriveSecret, hkdfExpandLabel } from '../src/kdf/tls13.js';
import { nobleProvider } from '../src/provider.js';
import { seededRandom } from '../src/testing/index.js';
import type { KeyExchangeGroup, PrivateKey, PublicKey, SignatureScheme } from '../src/types.js';

// ---------------------------------------------------------------- output

const color = process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const green = paint(32);
const red = paint(31);
const dim = paint(2);
const bold = paint(1);

let passed = 0;
const failures: string[] = [];

interface Check {
  readonly label: string;
  readonly detail: string;
  readonly run: () => string | undefined; // a note on success; throws or returns via fail() on mismatch
}

class Mismatch extends Error {}

function expectHex(what: string, actual: Uint8Array, expected: string): void {
  if (toHex(actual) !== expected) {
    throw new Mismatch(
      `${what}: got ${toHex(actual).slice(0, 16)}…, want ${expected.slice(0, 16)}…`,
    );
  }
}

function expectTrue(what: string, ok: boolean): void {
  if (!ok) throw new Mismatch(what);
}

function section(title: string, checks: readonly Check[]): void {
  console.log(`\n${bold(title)}`);
  const width = Math.max(...checks.map((c) => c.label.length));
  const detailWidth = Math.max(...checks.map((c) => c.detail.length));
  for (const check of checks) {
    const start = performance.now();
    let note: string | undefined;
    let error: unknown;
    try {
      note = check.run();
    } catch (e) {
      error = e;
    }
    const ms = `${(performance.now() - start).toFixed(1).padStart(7)} ms`;
    const line = `${check.label.padEnd(width)}  ${dim(check.detail.padEnd(detailWidth))}`;
    if (error === undefined) {
      passed++;
      console.log(`  ${green('✓')} ${line}  ${dim(ms)}${note ? `  ${dim(note)}` : ''}`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${check.label}: ${message}`);
      console.log(`  ${red('✗')} ${line}  ${dim(ms)}  ${red(message)}`);
    }
  }
}

// ---------------------------------------------------------------- known answers

const sha256 = nobleProvider.hashes.sha256;
const EMPTY = new Uint8Array(0);

const knownAnswers: Check[] = [
  {
    label: 'RFC 5869 A.1',
    detail: 'HKDF-SHA-256 extract + expand',
    run: () => {
      const prk = sha256.hkdfExtract(
        fromHex('000102030405060708090a0b0c'),
        new Uint8Array(22).fill(0x0b),
      );
      expectHex('PRK', prk, '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
      expectHex(
        'OKM',
        sha256.hkdfExpand(prk, fromHex('f0f1f2f3f4f5f6f7f8f9'), 42),
        '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
      );
      return undefined;
    },
  },
  {
    label: 'RFC 8448 §3',
    detail: 'TLS 1.3 key schedule: secrets, keys, IVs, Finished',
    run: () => {
      const early = sha256.hkdfExtract(new Uint8Array(32), new Uint8Array(32));
      expectHex(
        'early secret',
        early,
        '33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a',
      );
      const emptyHash = sha256.digest(EMPTY);
      const ecdhe = fromHex('8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d');
      const handshake = sha256.hkdfExtract(
        deriveSecret(sha256, early, 'derived', emptyHash),
        ecdhe,
      );
      expectHex(
        'handshake secret',
        handshake,
        '1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac',
      );
      const thServerHello = fromHex(
        '860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8',
      );
      const sHs = deriveSecret(sha256, handshake, 's hs traffic', thServerHello);
      expectHex(
        's hs traffic',
        sHs,
        'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38',
      );
      expectHex(
        'server hs key',
        hkdfExpandLabel(sha256, sHs, 'key', EMPTY, 16),
        '3fce516009c21727d0f2e4e86ee403bc',
      );
      expectHex(
        'server hs iv',
        hkdfExpandLabel(sha256, sHs, 'iv', EMPTY, 12),
        '5d313eb2671276ee13000b30',
      );
      const master = sha256.hkdfExtract(
        deriveSecret(sha256, handshake, 'derived', emptyHash),
        new Uint8Array(32),
      );
      expectHex(
        'master secret',
        master,
        '18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919',
      );
      const thServerFinished = fromHex(
        '9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13',
      );
      const cAp = deriveSecret(sha256, master, 'c ap traffic', thServerFinished);
      expectHex(
        'c ap traffic',
        cAp,
        '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5',
      );
      expectHex(
        'client ap key',
        hkdfExpandLabel(sha256, cAp, 'key', EMPTY, 16),
        '17422dda596ed5d9acd890e3c63f5051',
      );
      const finishedKey = hkdfExpandLabel(sha256, sHs, 'finished', EMPTY, 32);
      expectHex(
        'server verify_data',
        sha256.hmac(
          finishedKey,
          fromHex('edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed'),
        ),
        '9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718',
      );
      return undefined;
    },
  },
  {
    label: 'RFC 8439 §2.8.2',
    detail: 'ChaCha20-Poly1305 seal, open, forged tag refused',
    run: () => {
      const aead = nobleProvider.aeads.CHACHA20_POLY1305.create(
        fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'),
      );
      const nonce = fromHex('070000004041424344454647');
      const aad = fromHex('50515253c0c1c2c3c4c5c6c7');
      const plaintext = utf8(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
      );
      const sealed = aead.seal(nonce, plaintext, aad);
      expectHex('tag', sealed.subarray(plaintext.length), '1ae10b594f09e26a7e902ecbd0600691');
      expectHex('ciphertext head', sealed.subarray(0, 16), 'd31a8d34648e60db7b86afbc53ef7ec2');
      expectTrue('open', toHex(aead.open(nonce, sealed, aad) ?? EMPTY) === toHex(plaintext));
      sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;
      expectTrue('forged tag must not open', aead.open(nonce, sealed, aad) === undefined);
      return undefined;
    },
  },
  {
    label: 'McGrew-Viega #4',
    detail: 'AES-128-GCM with AAD',
    run: () => {
      const aead = nobleProvider.aeads.AES_128_GCM.create(
        fromHex('feffe9928665731c6d6a8f9467308308'),
      );
      const sealed = aead.seal(
        fromHex('cafebabefacedbaddecaf888'),
        fromHex(
          'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
        ),
        fromHex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
      );
      expectHex('tag', sealed.subarray(60), '5bc94fbc3221a5db94fae95ae7121a47');
      return undefined;
    },
  },
  {
    label: 'TLS 1.2 PRF',
    detail: 'P_SHA256, IETF TLS list vector',
    run: () => {
      const out = tls12Prf(
        sha256,
        fromHex('9bbe436ba940f017b17652849a71db35'),
        'test label',
        fromHex('a0ba9f936cda311827a6f796ffd5198c'),
        100,
      );
      expectHex(
        'PRF output',
        out.subarray(0, 32),
        'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a',
      );
      return undefined;
    },
  },
];

// ---------------------------------------------------------------- key exchange

const random = seededRandom('strata crypto selftest');

function groupCheck(group: KeyExchangeGroup): Check {
  return {
    label: group.name,
    detail: `0x${group.code.toString(16).padStart(4, '0')} ${group.opensslName}`,
    run: () => {
      const client = group.start(random);
      const server = group.respond(client.publicKey, random);
      const clientSecret = client.complete(server.publicKey);
      expectTrue(
        'both sides derive the same secret',
        toHex(clientSecret) === toHex(server.sharedSecret),
      );
      // a truncated share must be refused with a TlsError (illegal_parameter)
      let refused = false;
      try {
        group.respond(client.publicKey.subarray(0, client.publicKey.length - 1), random);
      } catch (e) {
        refused = isTlsError(e);
      }
      expectTrue('a truncated key share must be refused with a TlsError', refused);
      return `shares ${client.publicKey.length}/${server.publicKey.length} B, secret ${clientSecret.length} B`;
    },
  };
}

// ---------------------------------------------------------------- signatures

interface KeyPair {
  readonly privateKey: PrivateKey;
  readonly publicKey: PublicKey;
  readonly node: KeyObject;
}

const b64 = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? '', 'base64url'));
const big = (s: string | undefined) =>
  BigInt(`0x${Buffer.from(s ?? '', 'base64url').toString('hex') || '0'}`);

const keyCache = new Map<string, KeyPair>();

/** A key pair for a scheme, generated by node:crypto and converted to Strata's key shapes. */
function keyFor(scheme: SignatureScheme): KeyPair {
  const id = scheme.keyKind === 'ec' ? `ec ${scheme.curve}` : scheme.keyKind;
  const cached = keyCache.get(id);
  if (cached) return cached;
  let pair: KeyPair;
  if (scheme.keyKind === 'ec') {
    const curve = scheme.curve ?? 'P-256';
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const jwk = privateKey.export({ format: 'jwk' });
    const point = new Uint8Array([0x04, ...b64(jwk.x), ...b64(jwk.y)]);
    pair = {
      privateKey: { kind: 'ec', curve, d: b64(jwk.d) },
      publicKey: { kind: 'ec', curve, point },
      node: publicKey,
    };
  } else if (scheme.keyKind === 'ed25519') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    pair = {
      privateKey: { kind: 'ed25519', seed: b64(jwk.d) },
      publicKey: { kind: 'ed25519', key: b64(jwk.x) },
      node: publicKey,
    };
  } else {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const j = privateKey.export({ format: 'jwk' });
    pair = {
      privateKey: {
        kind: 'rsa',
        n: big(j.n),
        e: big(j.e),
        d: big(j.d),
        p: big(j.p),
        q: big(j.q),
        dp: big(j.dp),
        dq: big(j.dq),
        qi: big(j.qi),
      },
      publicKey: { kind: 'rsa', n: big(j.n), e: big(j.e) },
      node: publicKey,
    };
  }
  keyCache.set(id, pair);
  return pair;
}

/** node:crypto's opinion of a signature, as an independent implementation. */
function nodeAgrees(
  scheme: SignatureScheme,
  key: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const a = scheme.algorithm;
  switch (a.kind) {
    case 'ecdsa':
      return nodeVerify(a.hash, message, { key, dsaEncoding: 'der' }, signature);
    case 'ed25519':
      return nodeVerify(null, message, key, signature);
    case 'rsa-pss':
      return nodeVerify(
        a.hash,
        message,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: a.saltLength },
        signature,
      );
    case 'rsa-pkcs1':
      return nodeVerify(a.hash, message, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  }
}

function schemeCheck(scheme: SignatureScheme): Check {
  return {
    label: scheme.name,
    detail: `0x${scheme.code.toString(16).padStart(4, '0')} ${scheme.opensslName}`,
    run: () => {
      const { privateKey, publicKey, node } = keyFor(scheme);
      const message = utf8(`TLS 1.3, server CertificateVerify for ${scheme.name}`);
      const signature = scheme.sign(privateKey, message, random);
      expectTrue('own signature verifies', scheme.verify(publicKey, message, signature));
      expectTrue('node:crypto verifies it', nodeAgrees(scheme, node, message, signature));
      const tampered = message.slice();
      tampered[0] = (tampered[0] as number) ^ 1;
      expectTrue('tampered message refused', !scheme.verify(publicKey, tampered, signature));
      return `signature ${signature.length} B${scheme.tls13 ? '' : ', TLS 1.2 only'}`;
    },
  };
}

// ---------------------------------------------------------------- main

console.log(
  bold(`@strata/crypto self-test — provider "${nobleProvider.name}", Node ${process.version}`),
);
section('Known answers', knownAnswers);
section(
  `Key exchange: start → respond → complete (${nobleProvider.groups.length} groups)`,
  nobleProvider.groups.map(groupCheck),
);
// keys first (node:crypto generates them), so the times below are Strata's sign + verify only
for (const scheme of nobleProvider.signatureSchemes) keyFor(scheme);
section(
  `Signatures: sign → verify, node:crypto agrees, tampering refused (${nobleProvider.signatureSchemes.length} schemes)`,
  nobleProvider.signatureSchemes.map(schemeCheck),
);
console.log(
  `\n${dim('cipher suites, in preference order:')} ${nobleProvider.cipherSuites.map((s) => s.opensslName).join(', ')}`,
);
if (failures.length) {
  console.log(`\n${red(bold(`${failures.length} check(s) failed`))}, ${passed} passed:`);
  for (const f of failures) console.log(`  ${red('✗')} ${f}`);
  process.exitCode = 1;
} else {
  console.log(`\n${green(bold(`All ${passed} checks passed.`))}`);
}
