/**
 * @strata/handshake: the TLS 1.3 message and extension codec (src/msgs/),
 * transcript and key schedule (src/tls13/), the client and server state
 * machines and the sans-I/O `ClientConnection` / `ServerConnection` engines.
 */

export { ClientConnection } from './client/connection.js';
export type { ClientState } from './client/states.js';
export {
  type CertifiedKey,
  type ClientAuthMode,
  type ClientConfig,
  DEFAULT_MAX_KEY_UPDATES_IN_A_ROW,
  DEFAULT_MAX_QUEUED_PLAINTEXT,
  DEFAULT_MAX_SKIPPED_EARLY_DATA,
  DEFAULT_PSK_MODES,
  type Limits,
  type MessageCallback,
  type MessageHooks,
  type ProtocolMessage,
  type PskMode,
  type ServerConfig,
  type VerifyMode,
} from './config.js';
export { Connection } from './engine/connection.js';
export type { ConnectionEvent, Negotiated } from './engine/events.js';
export { FinishedVerified, PskAuthenticated, SignatureVerified } from './engine/proofs.js';
export {
  DEFAULT_TICKET_AGE_TOLERANCE_MS,
  DEFAULT_TICKET_COUNT,
  DEFAULT_TICKET_TIMEOUT_SECONDS,
  type TicketConfig,
} from './engine/tickets.js';
export * from './msgs/index.js';
export { ServerConnection } from './server/connection.js';
export type { ServerState } from './server/states.js';
export {
  exportKeyingMaterial,
  finishedVerifyData,
  KeyScheduleEarly,
  KeyScheduleHandshake,
  KeyScheduleTraffic,
  nextTrafficSecret,
  resumptionPsk,
} from './tls13/key-schedule.js';
export { type KeyLogCallback, type KeyLogLabel, SecretKind } from './tls13/secret-labels.js';
export { certificateVerifyContent } from './tls13/signed-content.js';
export { Transcript, TranscriptBuffer } from './tls13/transcript.js';
