import type { Reader, Writer } from '@strata/wire';
import { type ExtensionCodec, emptyCodec } from './codec.js';

/**
 * RFC 8446 §4.2.10, in ClientHello and EncryptedExtensions: empty.
 *
 *   struct {} Empty;  struct { select (Handshake.msg_type) { ... case client_hello: Empty; case encrypted_extensions: Empty; }; } EarlyDataIndication;
 */
export const earlyDataIndicationCodec: ExtensionCodec<null> = emptyCodec;

/**
 * The NewSessionTicket form: how many bytes of 0-RTT data the server accepts.
 *
 *   struct { select (Handshake.msg_type) { case new_session_ticket: uint32 max_early_data_size; ... }; } EarlyDataIndication;
 */
export const maxEarlyDataSizeCodec: ExtensionCodec<number> = {
  decode: (r: Reader) => r.u32('max_early_data_size'),
  encode: (w: Writer, size: number) => void w.u32(size),
};
