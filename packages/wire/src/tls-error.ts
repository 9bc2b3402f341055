import { AlertDescription, type AlertName } from './alert.js';

/**
 * The one error type every Strata layer throws for a protocol problem.
 *
 * It carries the alert the connection must send (`decode_error`,
 * `bad_record_mac`, …) and a stable machine-readable `code`, so an engine can
 * turn any failure into an alert record without inspecting messages. Messages
 * start with `tls:` and never contain key material.
 */
export class TlsError extends Error {
  override readonly name = 'TlsError';
  /** The alert to send to the peer. */
  readonly alert: AlertName;
  /** A stable identifier for this failure, e.g. `'WIRE_TRUNCATED'`. */
  readonly code: string;

  constructor(alert: AlertName, code: string, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('tls:') ? message : `tls: ${message}`, options);
    this.alert = alert;
    this.code = code;
  }

  /** The numeric alert description (RFC 8446 §6). */
  get alertCode(): number {
    return AlertDescription[this.alert];
  }
}

/** True for a `TlsError`, including one from another copy of this package. */
export function isTlsError(error: unknown): error is TlsError {
  return (
    error instanceof TlsError ||
    (error instanceof Error &&
      error.name === 'TlsError' &&
      typeof (error as Partial<TlsError>).alert === 'string' &&
      typeof (error as Partial<TlsError>).code === 'string')
  );
}

/**
 * Maps anything thrown inside a protocol engine to the alert it should send:
 * a `TlsError` keeps its own, everything else (a bug, a failed allocation) is
 * an `internal_error`, as RFC 8446 §6.2 prescribes.
 */
export function toTlsError(error: unknown): TlsError {
  if (isTlsError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new TlsError('internal_error', 'INTERNAL', `tls: internal error: ${reason}`, {
    cause: error,
  });
}
