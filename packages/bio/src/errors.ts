import { ERR_LIB_BIO } from './constants.js';

/**
 * Receives the errors OpenSSL would push on its error queue (`ERR_raise`):
 * library `ERR_LIB_BIO`, a `BIO_R_*` reason and the OpenSSL function name.
 * `@strata/bio` has no error queue of its own; `@strata/openssl` installs a
 * handler that feeds `ERR_*`.
 */
export type BioErrorHandler = (lib: number, reason: number, func: string) => void;

let handler: BioErrorHandler | undefined;

/**
 * Strata extension: install the receiver of BIO errors (the bridge to an
 * `ERR_*` queue). Returns the previous handler so callers can restore it.
 */
export function strata_BIO_set_error_handler(
  next: BioErrorHandler | undefined,
): BioErrorHandler | undefined {
  const previous = handler;
  handler = next;
  return previous;
}

/** Reports a BIO error the way `ERR_raise(ERR_LIB_BIO, reason)` does. */
export function raiseBioError(reason: number, func: string): void {
  handler?.(ERR_LIB_BIO, reason, func);
}
