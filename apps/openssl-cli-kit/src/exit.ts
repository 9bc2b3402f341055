/** How the openssl-style apps end: an exit code, a usage error or any other failure. */
import { ERR_peek_error, strata_ERR_print_errors_to_string } from '@strata/openssl/node';
import type { Check } from './context.js';
import { type FlagSpec, UsageError, usage } from './flags.js';

/** Thrown to end the program with `code` once it has printed what went wrong. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Ends the process for an error `main` threw: `Exit` with its code; a
 * `UsageError` with `<program>: <message>` and the usage on stderr, code 1;
 * anything else with `error:<message>` on stderr, code 1.
 */
export function exitOnError(
  program: string,
  spec: Readonly<Record<string, FlagSpec>>,
  e: unknown,
): never {
  if (e instanceof Exit) process.exit(e.code);
  if (e instanceof UsageError) {
    process.stderr.write(`${program}: ${e.message}\n${usage(program, spec)}`);
    process.exit(1);
  }
  process.stderr.write(`error:${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

/**
 * Prints OpenSSL's error queue to stderr as OpenSSL does
 * (`…:error:0A000086:SSL routines:…`), emptying it, or `error:<hint>` when it
 * is empty; each line starts with `prefix` (s-server's `[n] ` per connection).
 */
export function printErrorQueue(hint: string, prefix = ''): void {
  const queued = ERR_peek_error() !== 0 ? strata_ERR_print_errors_to_string() : '';
  const lines = queued.length > 0 ? queued.trimEnd().split('\n') : [`error:${hint}`];
  process.stderr.write(lines.map((l) => `${prefix}${l}\n`).join(''));
}

/** The apps' `Check` while setting up: on `!ok`, print the error queue (or `what`) and end with code 1. */
export const exitCheck: Check = (ok, what) => {
  if (!ok) {
    printErrorQueue(what);
    throw new Exit(1);
  }
};
