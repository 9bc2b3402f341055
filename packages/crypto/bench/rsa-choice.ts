/**
 * The measurement behind the README section "RSA: the choice and why":
 * micro-rsa-dsa-dh 0.2.3 (square-and-multiply on {n, d}, no CRT, no
 * blinding) against our own RSA (CRT, base and exponent blinding, fault
 * check) and node:crypto, on the committed 2048-bit test key, in one run.
 *
 *   pnpm tsx bench/rsa-choice.ts
 */
import { constants, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { mgf1, PKCS1_SHA256, PSS } from 'micro-rsa-dsa-dh/rsa.js';
import { rsaPkcs1Sign, rsaPssSign, rsaPssVerify } from '../src/sig/rsa.js';
import { loadTestKey, systemRandomForTests as random } from '../test/keys.js';

const key = loadTestKey('rsa-2048.test-key.pem');
const key4096 = loadTestKey('rsa-4096.test-key.pem');
if (key4096.privateKey.kind !== 'rsa') throw new Error('not RSA');
const priv4096 = key4096.privateKey;
if (key.privateKey.kind !== 'rsa' || key.publicKey.kind !== 'rsa') throw new Error('not RSA');
const priv = key.privateKey;
const pub = key.publicKey;
const message = new TextEncoder().encode('TLS 1.3, server CertificateVerify\0'.padEnd(130, '.'));
const microPss = PSS(sha256, mgf1(sha256), 32);
const pss = { key: key.nodePrivate, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
const pssPub = { key: key.nodePublic, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
const ourSig = rsaPssSign('sha256', 32, priv, message, random);

function opsPerSecond(fn: () => unknown, ms = 3000): number {
  for (let i = 0; i < 3; i++) fn();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

const rows: [string, () => unknown][] = [
  ['PSS sign, micro-rsa-dsa-dh', () => microPss.sign({ n: priv.n, d: priv.d }, message)],
  [
    'PSS sign, ours (CRT + blinding + check)',
    () => rsaPssSign('sha256', 32, priv, message, random),
  ],
  ['PSS sign, node:crypto', () => nodeSign('sha256', message, pss)],
  ['PKCS#1 sign, micro-rsa-dsa-dh', () => PKCS1_SHA256.sign({ n: priv.n, d: priv.d }, message)],
  ['PKCS#1 sign, ours', () => rsaPkcs1Sign('sha256', priv, message, random)],
  [
    'RSA-4096 PSS sign, micro-rsa-dsa-dh',
    () => microPss.sign({ n: priv4096.n, d: priv4096.d }, message),
  ],
  ['RSA-4096 PSS sign, ours', () => rsaPssSign('sha256', 32, priv4096, message, random)],
  ['PSS verify, micro-rsa-dsa-dh', () => microPss.verify({ n: pub.n, e: pub.e }, message, ourSig)],
  ['PSS verify, ours', () => rsaPssVerify('sha256', 32, pub, message, ourSig)],
  ['PSS verify, node:crypto', () => nodeVerify('sha256', message, pssPub, ourSig)],
];
console.log('RSA-2048 unless marked, one core, ops/s');
for (const [name, fn] of rows)
  console.log(`${name.padEnd(48)} ${opsPerSecond(fn).toFixed(0).padStart(8)}`);
