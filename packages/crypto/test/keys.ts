/**
 * Test-only helpers: keys in the shapes of types.ts, made or parsed with
 * node:crypto (the real key parser, @strata/pki, sits above this package),
 * and the system `openssl` CLI for interop checks.
 */
import { execFileSync } from 'node:child_process';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex } from '@strata/wire';
import type { EcCurve, PrivateKey, PublicKey } from '../src/types.js';

export const vectorsDir = new URL('./vectors/', import.meta.url);

function b64u(s: string | undefined): Uint8Array {
  if (s === undefined) throw new Error('missing JWK field');
  return new Uint8Array(Buffer.from(s, 'base64url'));
}

function big(s: string | undefined): bigint {
  return BigInt(`0x${Buffer.from(b64u(s)).toString('hex') || '0'}`);
}

export interface TestKey {
  readonly privateKey: PrivateKey;
  readonly publicKey: PublicKey;
  readonly nodePrivate: KeyObject;
  readonly nodePublic: KeyObject;
  readonly privatePem: string;
  readonly publicPem: string;
}

/** Converts a node:crypto private KeyObject into the types.ts shapes. */
export function fromNodeKey(nodePrivate: KeyObject): TestKey {
  const jwk = nodePrivate.export({ format: 'jwk' }) as JsonWebKey;
  const nodePublic = createPublicKey(nodePrivate);
  const privatePem = nodePrivate.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicPem = nodePublic.export({ format: 'pem', type: 'spki' }).toString();
  const base = { nodePrivate, nodePublic, privatePem, publicPem };
  if (jwk.kty === 'RSA') {
    const n = big(jwk.n);
    const e = big(jwk.e);
    return {
      ...base,
      privateKey: {
        kind: 'rsa',
        n,
        e,
        d: big(jwk.d),
        p: big(jwk.p),
        q: big(jwk.q),
        dp: big(jwk.dp),
        dq: big(jwk.dq),
        qi: big(jwk.qi),
      },
      publicKey: { kind: 'rsa', n, e },
    };
  }
  if (jwk.kty === 'EC') {
    const curve = jwk.crv as EcCurve;
    const x = b64u(jwk.x);
    const y = b64u(jwk.y);
    const point = new Uint8Array(1 + x.length + y.length);
    point[0] = 4;
    point.set(x, 1);
    point.set(y, 1 + x.length);
    return {
      ...base,
      privateKey: { kind: 'ec', curve, d: b64u(jwk.d) },
      publicKey: { kind: 'ec', curve, point },
    };
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return {
      ...base,
      privateKey: { kind: 'ed25519', seed: b64u(jwk.d) },
      publicKey: { kind: 'ed25519', key: b64u(jwk.x) },
    };
  }
  throw new Error(`unsupported test key ${jwk.kty}`);
}

/** A committed test key from test/vectors (never used outside tests). */
export function loadTestKey(file: string): TestKey {
  return fromNodeKey(createPrivateKey(readFileSync(new URL(file, vectorsDir), 'utf8')));
}

export function newEcKey(curve: EcCurve): TestKey {
  return fromNodeKey(generateKeyPairSync('ec', { namedCurve: curve }).privateKey);
}

export function newEd25519Key(): TestKey {
  return fromNodeKey(generateKeyPairSync('ed25519').privateKey);
}

export function newRsaKey(bits: number): TestKey {
  return fromNodeKey(generateKeyPairSync('rsa', { modulusLength: bits }).privateKey);
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'strata-crypto-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the system openssl CLI; returns stdout (throws on a non-zero exit). */
export function openssl(args: string[], input?: Uint8Array): Uint8Array {
  return new Uint8Array(
    execFileSync('openssl', args, {
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    }),
  );
}

/** Exit status of the openssl CLI (0 = success), for verification commands. */
export function opensslStatus(args: string[]): number {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

/** Writes files into `dir` and returns their paths. */
export function writeFiles<K extends string>(
  dir: string,
  files: Record<K, string | Uint8Array>,
): Record<K, string> {
  const paths = {} as Record<K, string>;
  for (const name of Object.keys(files) as K[]) {
    const path = join(dir, name);
    writeFileSync(path, files[name]);
    paths[name] = path;
  }
  return paths;
}

/** A deterministic `Random` for tests: a counter-seeded byte stream (not secure). */
export function fixedRandom(seed = 1): (length: number) => Uint8Array {
  let state = seed >>> 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      out[i] = state >>> 24;
    }
    return out;
  };
}

/** Returns exactly the given bytes, in order, then fails: for injecting private keys. */
export function scriptedRandom(...chunks: Uint8Array[]): (length: number) => Uint8Array {
  const queue = [...chunks];
  return (length: number) => {
    const next = queue.shift();
    if (next === undefined || next.length !== length) {
      throw new Error(`scriptedRandom: asked for ${length} bytes, next chunk is ${next?.length}`);
    }
    return next.slice();
  };
}

export const systemRandomForTests = (length: number): Uint8Array =>
  crypto.getRandomValues(new Uint8Array(length));

/** DER `SEQUENCE { INTEGER r, INTEGER s }` from big-endian r and s. */
export function derSignature(r: bigint, s: bigint): Uint8Array {
  const int = (x: bigint): number[] => {
    let hex = x.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    const bytes = [...fromHex(hex)];
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return [0x02, bytes.length, ...bytes];
  };
  const body = [...int(r), ...int(s)];
  return new Uint8Array(
    body.length < 128 ? [0x30, body.length, ...body] : [0x30, 0x81, body.length, ...body],
  );
}
