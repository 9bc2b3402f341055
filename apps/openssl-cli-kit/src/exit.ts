/** How the openssl-style apps end: an exit code, a usage error or any other failure. */
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
