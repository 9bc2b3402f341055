// Parse cost per certificate: @strata/pki against the layers under it and
// node:crypto's native parser. Prints medians of a few timed rounds.
//   pnpm bench
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { checkDer } from '../src/der.js';
import { parseCertificate } from '../src/index.js';
import { decodePem } from '../src/pem.js';

// asn1js is not a direct dependency: load the copy @peculiar/asn1-schema uses.
const requireHere = createRequire(import.meta.url);
const fromSchema = createRequire(requireHere.resolve('@peculiar/asn1-schema'));
const { fromBER } = fromSchema('asn1js') as { fromBER: (data: Uint8Array) => unknown };

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'chains');
const certs = ['leaf-rsa', 'leaf-p256', 'int-nc-ip', 'leaf-pss'].map(
  (n) => decodePem(readFileSync(join(dir, `${n}.pem`), 'utf8'))[0]!.der,
);
let system: Uint8Array[] = [];
try {
  system = decodePem(readFileSync('/etc/ssl/certs/ca-certificates.crt', 'latin1')).map(
    (b) => b.der,
  );
} catch {
  // no system bundle
}

function measure(name: string, set: Uint8Array[], fn: (der: Uint8Array) => unknown): number {
  for (let i = 0; i < 200; i++) fn(set[i % set.length]!);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const n = 2000;
    const start = performance.now();
    for (let i = 0; i < n; i++) fn(set[i % set.length]!);
    rounds.push(((performance.now() - start) * 1000) / n);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[2]!;
  console.log(`${name.padEnd(58)} ${median.toFixed(1).padStart(7)} µs/cert`);
  return median;
}

console.log(
  `fixture certificates (${certs.length}, ${certs.map((c) => c.length).join('/')} bytes):`,
);
const ours = measure('@strata/pki parseCertificate (everything)', certs, parseCertificate);
measure('  bounded DER walk alone (wire Reader)', certs, (d) =>
  checkDer(d, 'bad_certificate', 'x'),
);
const peculiar = measure('  @peculiar AsnConvert.parse(Certificate) alone', certs, (d) =>
  AsnConvert.parse(d, AsnCertificate),
);
measure('  asn1js fromBER alone (generic tree, no schema)', certs, (d) => fromBER(d));
measure('node:crypto X509Certificate (native, reference)', certs, (d) => new X509Certificate(d));
console.log(`@peculiar share of parseCertificate: ${((peculiar / ours) * 100).toFixed(0)}%`);
if (system.length > 0) {
  console.log(`system bundle (${system.length} certificates):`);
  measure('@strata/pki parseCertificate', system, parseCertificate);
  const start = performance.now();
  for (const d of system) parseCertificate(d);
  console.log(`whole system bundle once: ${(performance.now() - start).toFixed(0)} ms`);
}
