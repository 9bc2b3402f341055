import {
  AlertDescription,
  AlertLevel,
  describeAlert,
  encode,
  Reader,
  TlsError,
} from '@strata/wire';
import type { TlsVersion } from './content-type.js';

/**
 * An alert message, RFC 8446 §6:
 *
 *   struct {
 *       AlertLevel level;
 *       AlertDescription description;
 *   } Alert;
 *
 * Both fields are kept as received (unknown codes included).
 */
export interface Alert {
  readonly level: number;
  readonly description: number;
}

/**
 * How a received alert affects the connection:
 * - `close_notify`: the peer will send nothing more (closure alert);
 * - `user_canceled`: TLS 1.3 closure alert that is not an error;
 * - `no_renegotiation`: TLS 1.2 warning refusing a renegotiation (Strata never
 *   asks for one, so the handshake layer decides what it means);
 * - `warning`: any other TLS 1.2 warning (surfaced to the user);
 * - `fatal`: the connection is over.
 */
export type AlertKind = 'close_notify' | 'user_canceled' | 'no_renegotiation' | 'warning' | 'fatal';

export interface ReceivedAlert extends Alert {
  readonly kind: AlertKind;
  /** `decode_error`, `close_notify`, … or `alert(N)` for codes this table lacks. */
  readonly name: string;
}

/** Encodes an alert: level(1) ‖ description(1). */
export function encodeAlert(alert: Alert): Uint8Array {
  return encode((w) => w.u8(alert.level).u8(alert.description), 2);
}

/**
 * Decodes an alert record's fragment. An alert record carries exactly one
 * alert (RFC 8446 §5.1): anything but 2 bytes is a decode_error.
 */
export function decodeAlert(fragment: Uint8Array): Alert {
  if (fragment.length !== 2) {
    throw new TlsError(
      'decode_error',
      'RECORD_BAD_ALERT_LENGTH',
      `tls: alert record of ${fragment.length} byte(s), expected exactly 2`,
    );
  }
  const r = new Reader(fragment);
  const level = r.u8('Alert.level');
  const description = r.u8('Alert.description');
  r.expectEnd('Alert');
  return { level, description };
}

/**
 * Classifies a received alert by the rules of `version`.
 *
 * TLS 1.3 (RFC 8446 §6): close_notify and user_canceled are closure alerts;
 * every other alert, known or not, is an error alert and fatal "regardless of
 * the AlertLevel in the message".
 *
 * TLS 1.2 (RFC 5246 §7.2): the level decides; close_notify is a closure
 * whatever its level byte; an unknown level is an illegal_parameter.
 * Before a version is negotiated the TLS 1.2 rules apply (some TLS 1.2
 * servers send a warning unrecognized_name before their ServerHello).
 */
export function classifyAlert(alert: Alert, version: TlsVersion | undefined): ReceivedAlert {
  const name = describeAlert(alert.description);
  const kind = alertKind(alert, version);
  return { level: alert.level, description: alert.description, name, kind };
}

function alertKind(alert: Alert, version: TlsVersion | undefined): AlertKind {
  const { level, description } = alert;
  if (description === AlertDescription.close_notify) return 'close_notify';
  if (version === 'TLS1.3') {
    return description === AlertDescription.user_canceled ? 'user_canceled' : 'fatal';
  }
  if (level !== AlertLevel.warning && level !== AlertLevel.fatal) {
    throw new TlsError(
      'illegal_parameter',
      'RECORD_BAD_ALERT_LEVEL',
      `tls: alert ${describeAlert(description)} with unknown level ${level}`,
    );
  }
  if (level === AlertLevel.fatal) return 'fatal';
  if (description === AlertDescription.user_canceled) return 'user_canceled';
  if (description === AlertDescription.no_renegotiation) return 'no_renegotiation';
  return 'warning';
}

/**
 * The level to send an alert with: TLS 1.3 sends everything but the closure
 * alerts as fatal (RFC 8446 §6.2); TLS 1.2 sends close_notify, user_canceled
 * and no_renegotiation as warnings and everything else as fatal.
 */
export function alertLevelFor(description: number, version: TlsVersion | undefined): number {
  if (
    description === AlertDescription.close_notify ||
    description === AlertDescription.user_canceled
  ) {
    return AlertLevel.warning;
  }
  if (version !== 'TLS1.3' && description === AlertDescription.no_renegotiation) {
    return AlertLevel.warning;
  }
  return AlertLevel.fatal;
}
