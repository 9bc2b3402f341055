// Runs the README's example exactly as written (imports pointed at the
// sources), then checks what it did: one hit, the ticket used once.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ClientSessionCache, SessionCache, TicketIssuer } from './index.js';

it('the README example runs as written: the ticket resumes once', async () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toContain("from '@strata/session'");
  const body = code!.replace(
    "'@strata/session'",
    JSON.stringify(join(import.meta.dirname, 'index.ts')),
  );
  const file = join(import.meta.dirname, '..', 'test', `.readme-run-${process.pid}.ts`);
  writeFileSync(file, `${body}\nexport { cache, clientCache, server, tickets, ticket };\n`);
  try {
    const mod = (await import(/* @vite-ignore */ file)) as {
      cache: SessionCache;
      clientCache: ClientSessionCache;
      server: { host: string; port: number };
      tickets: TicketIssuer;
      ticket: Uint8Array;
    };
    expect(mod.cache.stats()).toMatchObject({ sess_hits: 1, sess_timeouts: 0, sess_misses: 0 });
    expect(mod.clientCache.take(mod.server)).toBeUndefined(); // offered once, then gone
    expect(mod.tickets.inspect(mod.ticket).status).toBe('ok'); // stateless: still opens
  } finally {
    rmSync(file, { force: true });
  }
});
