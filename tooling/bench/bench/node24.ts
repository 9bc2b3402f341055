/**
 * node:tls of Node 24 (OpenSSL 3.5.8, which has X25519MLKEM768, unlike the
 * Node 20 / OpenSSL 3.0 this bench runs on), in a child process
 * (`bench/node24-worker.mjs`, the binary from @strata/node24-peer): a
 * baseline for the X25519MLKEM768 rows, and for x25519 beside Node 20's.
 * The worker times its own handshakes on its own clock (CPU time, or wall
 * time with BENCH_CLOCK=wall); each sample is one request and one answer.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { node24 } from '@strata/node24-peer';
import type { CertKind, Fixtures } from './fixtures.js';
import type { GroupName } from './strata.js';

export interface Node24Bench {
  readonly node: string;
  readonly openssl: string;
  /** Handshakes per CPU second of the worker, client and server both in it. */
  sample(kind: CertKind, group: GroupName, budgetMs: number): Promise<number>;
  close(): Promise<void>;
}

/** The worker, or undefined where the Node 24 package is not installed. */
export async function startNode24Bench(fx: Fixtures): Promise<Node24Bench | undefined> {
  const bin = node24();
  if (!bin) return undefined;
  const child = spawn(bin, [fileURLToPath(new URL('./node24-worker.mjs', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env },
  });
  const answers: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => answers.shift()?.(line));
  const ask = (cmd: object, timeoutMs = 120_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('node 24 worker: no answer')), timeoutMs);
      answers.push((line) => {
        clearTimeout(timer);
        const a = JSON.parse(line) as Record<string, unknown>;
        if (typeof a['error'] === 'string') reject(new Error(`node 24 worker: ${a['error']}`));
        else resolve(a);
      });
      child.stdin!.write(`${JSON.stringify(cmd)}\n`);
    });
  const hello = await ask({ op: 'init', fixtures: fx });
  return {
    node: String(hello['node']),
    openssl: String(hello['openssl']),
    sample: async (kind, group, budgetMs) =>
      Number((await ask({ op: 'sample', kind, group, budgetMs }))['rate']),
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin!.end();
      }),
  };
}
