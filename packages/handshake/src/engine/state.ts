import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import type { EngineContext } from './context.js';

/**
 * One handshake state (STYLE 6): it handles one message and returns the next
 * state, built only from what that state needs. Its first step narrows the
 * message and throws `unexpected_message` for anything else.
 */
export interface HandshakeState {
  /** For errors and debugging: `ExpectServerHello`, … */
  readonly name: string;
  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState;
}
