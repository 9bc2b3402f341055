import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { bounded } from './process.js';

/** True when the `openssl` CLI is on PATH (interop tests skip, saying why, when it is not). */
export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

/** `OpenSSL 3.0.19 27 Jan 2026` → [3, 0, 19]. */
export function opensslVersion(): [number, number, number] | undefined {
  const out = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout ?? '';
  const m = out.match(/OpenSSL (\d+)\.(\d+)\.(\d+)/);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export interface OpensslProcess {
  readonly child: ChildProcess;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves when `pattern` appears in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Writes to the process's stdin. */
  send(data: string | Uint8Array): void;
  /** Closes stdin (s_client then sends close_notify and exits, with -ign_eof unset). */
  endInput(): void;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited(): Promise<number | string>;
  /** Kills the process if it still runs and waits for it. */
  stop(): Promise<void>;
}

const DEFAULT_LIFETIME_MS = 30_000;

/**
 * Runs `openssl <args>` as a child with a hard lifetime: whatever a test does,
 * the process is killed after `lifetimeMs`, so no peer outlives its test.
 */
export function startOpenssl(
  args: readonly string[],
  lifetimeMs = DEFAULT_LIFETIME_MS,
): OpensslProcess {
  const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return bounded(child, { lifetimeMs, name: 'openssl', waitMs: 10_000 });
}

/**
 * Starts `openssl s_server` on 127.0.0.1 with an OS-chosen port and resolves
 * once it listens. `args` are s_server options (certificate, key, -tls1_3, …).
 */
export async function startOpensslServer(
  args: readonly string[],
  lifetimeMs = DEFAULT_LIFETIME_MS,
): Promise<{ server: OpensslProcess; port: number }> {
  const server = startOpenssl(['s_server', '-accept', '127.0.0.1:0', ...args], lifetimeMs);
  const m = await server.waitFor(/ACCEPT (?:\S+):(\d+)/);
  return { server, port: Number(m[1]) };
}

/** Starts `openssl s_client` against 127.0.0.1:port. */
export function startOpensslClient(
  port: number,
  args: readonly string[],
  lifetimeMs = DEFAULT_LIFETIME_MS,
): OpensslProcess {
  return startOpenssl(['s_client', '-connect', `127.0.0.1:${port}`, ...args], lifetimeMs);
}
