import { type Reader, vector, type Writer } from '@strata/wire';
import { decodeExtensionBlock, encodeExtensionBlock } from './extensions/block.js';
import {
  NEW_SESSION_TICKET_EXTENSIONS,
  type NewSessionTicketExtension,
} from './extensions/contexts.js';

/** `opaque ticket_nonce<0..255>`, RFC 8446 §4.6.1. */
const TICKET_NONCE = /* @__PURE__ */ vector(1, 0, 255);
/** `opaque ticket<1..2^16-1>`. */
const TICKET = /* @__PURE__ */ vector(2, 1, 0xffff);
/** `Extension extensions<0..2^16-2>`. */
const EXTENSIONS = /* @__PURE__ */ vector(2, 0, 0xfffe);

/**
 * The longest ticket_lifetime a server may send, RFC 8446 §4.6.1: seven days.
 * A larger value is the engine's to reject (illegal_parameter).
 */
export const MAX_TICKET_LIFETIME = 604800;

/**
 * RFC 8446 §4.6.1.
 *
 *   struct {
 *       uint32 ticket_lifetime;
 *       uint32 ticket_age_add;
 *       opaque ticket_nonce<0..255>;
 *       opaque ticket<1..2^16-1>;
 *       Extension extensions<0..2^16-2>;
 *   } NewSessionTicket;
 */
export interface NewSessionTicket {
  readonly kind: 'new_session_ticket';
  readonly ticketLifetime: number;
  readonly ticketAgeAdd: number;
  readonly ticketNonce: Uint8Array;
  readonly ticket: Uint8Array;
  readonly extensions: readonly NewSessionTicketExtension[];
}

export function readNewSessionTicket(r: Reader): NewSessionTicket {
  return {
    kind: 'new_session_ticket',
    ticketLifetime: r.u32('NewSessionTicket.ticket_lifetime'),
    ticketAgeAdd: r.u32('NewSessionTicket.ticket_age_add'),
    ticketNonce: r.vector(TICKET_NONCE, 'NewSessionTicket.ticket_nonce'),
    ticket: r.vector(TICKET, 'NewSessionTicket.ticket'),
    extensions: decodeExtensionBlock(
      r,
      EXTENSIONS,
      'new_session_ticket',
      NEW_SESSION_TICKET_EXTENSIONS,
      'NewSessionTicket.extensions',
    ),
  };
}

export function writeNewSessionTicket(w: Writer, t: NewSessionTicket): void {
  w.u32(t.ticketLifetime)
    .u32(t.ticketAgeAdd)
    .vector(TICKET_NONCE, t.ticketNonce)
    .vector(TICKET, t.ticket);
  encodeExtensionBlock(w, EXTENSIONS, NEW_SESSION_TICKET_EXTENSIONS, t.extensions);
}
