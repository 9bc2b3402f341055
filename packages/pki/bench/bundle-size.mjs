// Rough bundle sizes of @strata/pki and of the ASN.1 libraries it could use.
//   node bench/bundle-size.mjs
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const pnpmStore = join(here, '..', '..', '..', 'node_modules', '.pnpm');

const entries = {
  '@strata/pki (whole entry, with wire; crypto external)': {
    contents: "export * from './src/index.ts';",
    external: ['@strata/crypto'],
  },
  '@strata/pki parseCertificate only': {
    contents: "export { parseCertificate } from './src/index.ts';",
    external: ['@strata/crypto'],
  },
  '@peculiar/asn1-x509 Certificate + AsnConvert (schema + asn1js)': {
    contents:
      "import { AsnConvert } from '@peculiar/asn1-schema'; import { Certificate } from '@peculiar/asn1-x509'; export const parse = (b) => AsnConvert.parse(b, Certificate);",
  },
  'asn1js fromBER alone (what an asn1js-based parser starts from)': {
    contents: "export { fromBER } from 'asn1js';",
    resolveDir: join(
      pnpmStore,
      readdirSync(pnpmStore).find((d) => /^asn1js@/.test(d)) ?? '',
      'node_modules',
    ),
  },
};

for (const [name, { contents, external = [], resolveDir = join(here, '..') }] of Object.entries(
  entries,
)) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['@strata/source', 'import', 'module', 'default'],
    external,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  console.log(
    `${name}: ${(code.length / 1024).toFixed(1)} KiB min, ${(gzipSync(code).length / 1024).toFixed(1)} KiB min+gz`,
  );
}
