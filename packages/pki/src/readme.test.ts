import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../test/fixtures.js';

/** Runs the README's example on the fixtures, so the documented code is known to work. */
describe('README example', () => {
  it('loads a chain and key from PEM and verifies for a host at a time', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'strata-readme-'));
    writeFileSync(
      join(dir, 'server-chain.pem'),
      fixtureText('leaf-rsa.pem') + fixtureText('int-rsa.pem'),
    );
    writeFileSync(join(dir, 'server.key'), fixtureText('leaf-rsa.key'));
    writeFileSync(join(dir, 'ca.pem'), fixtureText('root-rsa.pem'));
    const runnable = code!
      .replace("'@strata/pki/node'", `'${join(import.meta.dirname, 'node', 'index.ts')}'`)
      .replace(
        /readFileSync\('([^']+)'/g,
        (_, f: string) => `readFileSync(${JSON.stringify(join(dir, f))}`,
      )
      .replace('console.error(', 'errors.push(');
    const file = join(import.meta.dirname, '..', 'test', `.readme-example-${process.pid}.ts`);
    writeFileSync(
      file,
      `export const errors: string[] = [];\n${runnable}\nexport { result, leaf };\n`,
    );
    try {
      const mod = (await import(/* @vite-ignore */ file)) as {
        errors: string[];
        result: { ok: boolean; chain: unknown[] };
      };
      expect(mod.errors).toEqual([]);
      expect(mod.result.ok).toBe(true);
      expect(mod.result.chain.length).toBe(3);
    } finally {
      (await import('node:fs')).rmSync(file, { force: true });
    }
  });
});
