import { type Reader, TlsError, type Writer } from '@strata/wire';
import { KeyUpdateRequest } from './codes.js';

/**
 * RFC 8446 §4.6.3. "If an implementation receives any other value [than
 * update_not_requested or update_requested], it MUST terminate the connection
 * with an "illegal_parameter" alert."
 *
 *   struct { KeyUpdateRequest request_update; } KeyUpdate;
 */
export interface KeyUpdate {
  readonly kind: 'key_update';
  readonly requestUpdate: number;
}

export function readKeyUpdate(r: Reader): KeyUpdate {
  const requestUpdate = r.u8('KeyUpdate.request_update');
  if (!KeyUpdateRequest.has(requestUpdate)) {
    throw new TlsError(
      'illegal_parameter',
      'HANDSHAKE_BAD_KEY_UPDATE_REQUEST',
      `tls: KeyUpdate.request_update ${requestUpdate} is neither 0 nor 1`,
    );
  }
  return { kind: 'key_update', requestUpdate };
}

export function writeKeyUpdate(w: Writer, k: KeyUpdate): void {
  w.u8(k.requestUpdate);
}
