import { TlsError } from '@strata/wire';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';

/**
 * Narrows a message to the kind a state expects, or throws
 * `unexpected_message` (RFC 8446 §6.2).
 */
export function expectMessage<K extends HandshakeMessage['kind']>(
  message: Decoded<HandshakeMessage>,
  state: string,
  ...kinds: K[]
): Extract<HandshakeMessage, { kind: K }> {
  const parsed = message.parsed;
  if (!(kinds as string[]).includes(parsed.kind)) {
    throw new TlsError(
      'unexpected_message',
      'HANDSHAKE_UNEXPECTED_MESSAGE',
      `tls: ${parsed.kind === 'unknown' ? `handshake type ${parsed.type}` : parsed.kind} in state ${state}, expected ${kinds.join(' or ')}`,
    );
  }
  return parsed as Extract<HandshakeMessage, { kind: K }>;
}
