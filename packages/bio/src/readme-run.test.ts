// Runs the README's code blocks as written: imports point at the sources, the
// socket example talks to a server on 127.0.0.1, and every statement the
// README annotates with a number (`BIO_read(inner, header); // -1`) must
// return that number.

import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

/**
 * `expr; // 5` → an assertion that expr is 5; `const x = expr; // 5` → x is 5
 * (a comment that is just a number, or a number and a colon).
 */
function annotate(code: string): { code: string; checks: number } {
  let checks = 0;
  const out = code.split('\n').map((line) => {
    const m = /^(\s*)(.*?);\s*\/\/\s*(-?\d+)\s*(?::|$)/.exec(line);
    if (m === null) return line;
    checks++;
    const [, indent, stmt, value] = m;
    const decl = /^(?:const|let)\s+(\w+)\s*=/.exec(stmt!);
    return decl
      ? `${indent}${stmt}; __check(${JSON.stringify(stmt)}, ${decl[1]}, ${value});`
      : `${indent}__check(${JSON.stringify(stmt)}, ${stmt}, ${value});`;
  });
  return { code: out.join('\n'), checks };
}

let runs = 0;
async function run(code: string): Promise<void> {
  const src = join(import.meta.dirname, 'index.ts');
  const node = join(import.meta.dirname, 'node', 'index.ts');
  const body = code
    .replace("'@strata/bio/node'", JSON.stringify(node))
    .replace("'@strata/bio'", JSON.stringify(src));
  const file = join(import.meta.dirname, '..', 'test', `.readme-run-${process.pid}-${runs++}.ts`);
  const check = `const __check = (what: string, got: unknown, want: number): void => {
  (globalThis as unknown as { __readmeCheck: (w: string, g: unknown, n: number) => void }).__readmeCheck(what, got, want);
};\n`;
  writeFileSync(file, `${check}${body}\nexport {};\n`);
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    rmSync(file, { force: true });
  }
}

const seen: string[] = [];
(globalThis as unknown as Record<string, unknown>)['__readmeCheck'] = (
  what: string,
  got: unknown,
  want: number,
) => {
  seen.push(what);
  expect(got, what).toBe(want);
};

it('the BIO pair example returns what its comments say', async () => {
  const pair = blocks.find((b) => b.includes('BIO_new_bio_pair'));
  expect(pair).toBeDefined();
  const { code, checks } = annotate(pair!);
  expect(checks).toBeGreaterThanOrEqual(8);
  seen.length = 0;
  await run(code);
  expect(seen).toHaveLength(checks);
});

it('the socket example reads everything a server sends, then EOF', async () => {
  const socketBlock = blocks.find((b) => b.includes('BIO_new_socket'));
  expect(socketBlock).toBeDefined();
  const payload = new Uint8Array(100_000).map((_, i) => i & 0xff);
  const server = createServer((s) => s.end(payload));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const received: Uint8Array[] = [];
  (globalThis as unknown as Record<string, unknown>)['__readmeReceived'] = received;
  try {
    const code = socketBlock!
      .replace('port: 8443', `port: ${port}`)
      .replace(
        '/* your code */',
        '(globalThis as unknown as { __readmeReceived: Uint8Array[] }).__readmeReceived.push(bytes.slice());',
      );
    expect(code).toContain(`port: ${port}`);
    await run(code);
  } finally {
    server.close();
  }
  const total = received.reduce((n, c) => n + c.length, 0);
  expect(total).toBe(payload.length);
  const all = new Uint8Array(total);
  let o = 0;
  for (const c of received) {
    all.set(c, o);
    o += c.length;
  }
  expect(all).toEqual(payload);
}, 30_000);
