/**
 * @strata/handshake. This first part is the message and extension codec
 * (src/msgs/); the transcript, key schedule, state machines and the
 * ClientConnection/ServerConnection engines will be exported here too.
 */
export * from './msgs/index.js';
