import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWorkspace, findCycles } from './check.js';

type Tree = Record<string, string>;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function manifest(
  name: string,
  deps: Record<string, string> = {},
  devDeps: Record<string, string> = {},
) {
  return JSON.stringify({ name, dependencies: deps, devDependencies: devDeps });
}

/** A small workspace that passes: wire, crypto on wire, and an app. */
function goodWorkspace(): Tree {
  return {
    'packages/wire/package.json': manifest('@strata/wire', {}, { vitest: '4' }),
    'packages/wire/src/index.ts': "export { Reader } from './reader.js';\n",
    'packages/wire/src/reader.ts': 'export class Reader {}\n',
    'packages/wire/src/reader.test.ts':
      "import { it } from 'vitest';\nimport { readFileSync } from 'node:fs';\n",
    'packages/crypto/package.json': manifest('@strata/crypto', {
      '@strata/wire': 'workspace:*',
      '@noble/hashes': '2',
    }),
    'packages/crypto/src/index.ts':
      "import { Reader } from '@strata/wire';\nimport { sha256 } from '@noble/hashes/sha2.js';\n// import '@strata/record' in a comment is not an import\nexport const x = [Reader, sha256, 'import \"node:fs\"'];\n",
    'packages/crypto/src/node/index.ts':
      "import { randomBytes } from 'node:crypto';\nexport { randomBytes };\n",
    'packages/crypto/src/types.ts':
      "import type { Helper } from './helper.js';\nexport type T = Helper;\n",
    'packages/crypto/src/helper.ts':
      "import type { T } from './types.js';\nexport type Helper = T | 1;\n",
    'apps/demo/package.json': manifest('demo-app', { '@strata/crypto': 'workspace:*' }),
    'apps/demo/src/main.ts': "import '@strata/crypto';\nimport { createServer } from 'node:net';\n",
  };
}

function write(tree: Tree): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-layering-'));
  roots.push(root);
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function rulesOf(tree: Tree): string[] {
  return checkWorkspace(write(tree)).map((v) => `${v.rule} ${v.where}`);
}

describe('layering check', () => {
  it('accepts a workspace that follows the layer table', () => {
    expect(checkWorkspace(write(goodWorkspace()))).toEqual([]);
  });

  it('fails on an import the package does not declare', () => {
    const tree = goodWorkspace();
    tree['packages/wire/src/reader.ts'] = "import { sha256 } from '@noble/hashes/sha2.js';\n";
    expect(rulesOf(tree)).toEqual(['undeclared-import packages/wire/src/reader.ts:1']);
  });

  it('fails when shipped code imports a devDependency', () => {
    const tree = goodWorkspace();
    tree['packages/wire/src/reader.ts'] = "import { expect } from 'vitest';\n";
    expect(rulesOf(tree)).toEqual(['undeclared-import packages/wire/src/reader.ts:1']);
  });

  it('fails on an import up the layer table, in code and in package.json', () => {
    const tree = goodWorkspace();
    tree['packages/wire/package.json'] = manifest('@strata/wire', {
      '@strata/crypto': 'workspace:*',
    });
    tree['packages/wire/src/reader.ts'] = "export * from '@strata/crypto';\n";
    delete tree['packages/wire/src/reader.test.ts'];
    const rules = rulesOf(tree);
    expect(rules).toContain('upward-import packages/wire/package.json');
    expect(rules).toContain('upward-import packages/wire/src/reader.ts:1');
    // wire → crypto → wire is also a package cycle.
    expect(rules.some((r) => r.startsWith('package-cycle'))).toBe(true);
  });

  it("fails on a deep import of another package's src/", () => {
    const tree = goodWorkspace();
    tree['packages/crypto/src/index.ts'] = "import { Reader } from '@strata/wire/src/reader.js';\n";
    expect(rulesOf(tree)).toEqual(['deep-import packages/crypto/src/index.ts:1']);
  });

  it('fails on a relative path into another package', () => {
    const tree = goodWorkspace();
    tree['packages/crypto/src/index.ts'] = "import { Reader } from '../../wire/src/reader.js';\n";
    expect(rulesOf(tree)).toEqual(['deep-import packages/crypto/src/index.ts:1']);
  });

  it('fails on node:* outside a src/node/ entry, and on bare built-ins', () => {
    const tree = goodWorkspace();
    tree['packages/crypto/src/index.ts'] =
      "import { randomBytes } from 'node:crypto';\nconst fs = await import('fs');\n";
    expect(rulesOf(tree)).toEqual([
      'node-builtin packages/crypto/src/index.ts:1',
      'node-builtin packages/crypto/src/index.ts:2',
    ]);
  });

  it('fails on a runtime import cycle between modules, not on a type-only one', () => {
    const tree = goodWorkspace();
    tree['packages/wire/src/a.ts'] = "import { b } from './b.js';\nexport const a = () => b;\n";
    tree['packages/wire/src/b.ts'] = "import { a } from './a.js';\nexport const b = () => a;\n";
    expect(rulesOf(tree)).toEqual(['module-cycle packages/wire/src/a.ts']);
  });

  it('fails on a package missing from the layer table', () => {
    const tree = goodWorkspace();
    tree['packages/quic/package.json'] = manifest('@strata/quic');
    expect(rulesOf(tree)).toEqual(['unknown-layer packages/quic/package.json']);
  });

  it('fails on a layer importing an app', () => {
    const tree = goodWorkspace();
    tree['packages/wire/package.json'] = manifest('@strata/wire', { 'demo-app': 'workspace:*' });
    tree['packages/wire/src/reader.ts'] = "import 'demo-app';\n";
    delete tree['packages/wire/src/reader.test.ts'];
    const rules = rulesOf(tree);
    expect(rules).toContain('upward-import packages/wire/src/reader.ts:1');
  });
});

describe('findCycles', () => {
  it('reports each cycle once', () => {
    const edges = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(edges)).toEqual([['a', 'b', 'c']]);
    expect(findCycles(new Map([['a', ['b']]]))).toEqual([]);
  });
});
