import { type SpawnSyncReturns, spawnSync } from 'node:child_process';

/** True when the `tshark` CLI is on PATH (tests that need it skip, saying why, when it is not). */
export const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

export interface TsharkFieldsOptions {
  /** An NSS key log tshark decrypts TLS with (`-o tls.keylog_file:<path>`). */
  readonly keylog?: string;
  /** `-d` decode-as rules, e.g. `tcp.port==443,tls`. */
  readonly decodeAs?: readonly string[];
  /** The display filter (`-Y`). */
  readonly filter: string;
  /** The fields printed, one `-e` each, tab-separated per packet. */
  readonly fields: readonly string[];
  /** Hard limit for the process (default 60 s). */
  readonly timeoutMs?: number;
}

/** Runs `tshark -r <capture> … -T fields`, bounded, and returns what it printed. */
export function tsharkFields(
  capture: string,
  options: TsharkFieldsOptions,
): SpawnSyncReturns<string> {
  return spawnSync(
    'tshark',
    [
      '-r',
      capture,
      ...(options.keylog === undefined ? [] : ['-o', `tls.keylog_file:${options.keylog}`]),
      ...(options.decodeAs ?? []).flatMap((rule) => ['-d', rule]),
      '-Y',
      options.filter,
      '-T',
      'fields',
      ...options.fields.flatMap((field) => ['-e', field]),
    ],
    { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 },
  );
}
