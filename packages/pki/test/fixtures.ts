import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Certificate, parseCertificatePem } from '../src/certificate.js';

/** Directory of the PEM files that test/fixtures/make-fixtures.sh writes. */
export const CHAINS = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'chains');

/** The verification time the fixtures are made for: 2030-01-01T00:00:00Z. */
export const VERIFY_TIME = new Date('2030-01-01T00:00:00Z');
export const VERIFY_EPOCH = VERIFY_TIME.getTime() / 1000;

export function fixturePath(file: string): string {
  return join(CHAINS, file);
}

export function fixtureText(file: string): string {
  return readFileSync(fixturePath(file), 'utf8');
}

const cache = new Map<string, Certificate>();

/** The certificate `name` (chains/<name>.pem). */
export function cert(name: string): Certificate {
  let c = cache.get(name);
  if (c === undefined) {
    c = parseCertificatePem(fixtureText(`${name}.pem`));
    cache.set(name, c);
  }
  return c;
}
