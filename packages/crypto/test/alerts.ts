import { isTlsError } from '@strata/wire';

/**
 * Test-only: `alert/code` of the TlsError `fn` throws, undefined when it
 * throws nothing; any other exception is rethrown (a raw error is a bug).
 */
export function tlsAlert(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isTlsError(error)) return `${error.alert}/${error.code}`;
    throw error;
  }
  return undefined;
}
