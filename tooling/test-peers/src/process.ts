// A child process with a hard lifetime and a waitable transcript: what the
// openssl peers and the apps both are in tests.
import type { ChildProcess } from 'node:child_process';

/** A child process whose output a test can wait for; killed after its lifetime whatever happens. */
export interface AppProcess {
  readonly child: ChildProcess;
  output(): string;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  send(data: string | Uint8Array): void;
  endInput(): void;
  /** The exit code (or signal name) once the process is gone. */
  exited(): Promise<number | string>;
  stop(): Promise<void>;
}

/**
 * Collects `child`'s output (stdout, stderr and both interleaved), kills it
 * with SIGKILL after `lifetimeMs`, and names it `name` in waitFor's errors.
 */
export function bounded(
  child: ChildProcess,
  options: { readonly lifetimeMs: number; readonly name: string; readonly waitMs: number },
): AppProcess {
  const { lifetimeMs, name, waitMs } = options;
  let all = '';
  let out = '';
  let errText = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('latin1');
    all += c.toString('latin1');
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (c: Buffer) => {
    errText += c.toString('latin1');
    all += c.toString('latin1');
    for (const l of listeners) l();
  });
  child.stdin?.on('error', () => {});
  const killer = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
  killer.unref();
  const exit = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      setImmediate(() => {
        for (const l of listeners) l();
      });
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    child,
    output: () => all,
    stdout: () => out,
    stderr: () => errText,
    waitFor(pattern, timeoutMs = waitMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = all.match(pattern);
          if (m) {
            done();
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`${name} exited before printing ${pattern}:\n${all}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern} from ${name}:\n${all}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    send: (data) => void child.stdin?.write(data),
    endInput: () => void child.stdin?.end(),
    exited: () => exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
}
