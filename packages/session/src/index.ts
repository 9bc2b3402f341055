export {
  ClientSessionCache,
  type ClientSessionCacheOptions,
  DEFAULT_CLIENT_CACHE_SERVERS,
  DEFAULT_TICKETS_PER_SERVER,
  type ServerKey,
} from './client-cache.js';
export { type Clock, type ManualClock, manualClock, systemClock } from './clock.js';
export {
  decodeSession,
  encodeSession,
  SESSION_FORMAT_MAGIC,
  SESSION_FORMAT_VERSION,
} from './codec.js';
export {
  clientTicketAge,
  derivePsk,
  isTicketAgeAcceptable,
  obfuscatedTicketAge,
  TICKET_AGE_TOLERANCE_MS,
} from './psk.js';
export {
  DEFAULT_SESSION_TIMEOUT_SECONDS,
  type ResumptionContext,
  type ResumptionVerdict,
  SessionCache,
  type SessionCacheCallbacks,
  type SessionCacheOptions,
  type SessionCacheStats,
  SSL_DOCUMENTED_TIMEOUT_SECONDS,
  SSL_RECEIVED_SHUTDOWN,
  SSL_SENT_SHUTDOWN,
  SSL_SESS_CACHE_BOTH,
  SSL_SESS_CACHE_CLIENT,
  SSL_SESS_CACHE_NO_AUTO_CLEAR,
  SSL_SESS_CACHE_NO_INTERNAL,
  SSL_SESS_CACHE_NO_INTERNAL_LOOKUP,
  SSL_SESS_CACHE_NO_INTERNAL_STORE,
  SSL_SESS_CACHE_OFF,
  SSL_SESS_CACHE_SERVER,
  SSL_SESS_CACHE_UPDATE_TIME,
  SSL_SESSION_CACHE_MAX_SIZE_DEFAULT,
  SSL_SESSION_NEW_TIMEOUT_SECONDS,
} from './server-cache.js';
export {
  isTls13Session,
  MAX_TICKET_LIFETIME_SECONDS,
  SESSION_LIMITS,
  type Session,
  type SessionCommonParams,
  SSL_MAX_SID_CTX_LENGTH,
  SSL_MAX_SSL_SESSION_ID_LENGTH,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
  TLS12_MASTER_SECRET_LENGTH,
  Tls12Session,
  type Tls12SessionParams,
  Tls13Session,
  type Tls13SessionParams,
  withSessionFields,
  X509_V_OK,
} from './session.js';
export {
  DEFAULT_TICKET_KEY_RETAIN_SECONDS,
  DEFAULT_TICKET_KEY_ROTATION_SECONDS,
  TICKET_KEY_NAME_LENGTH,
  TICKET_NONCE_LENGTH,
  type TicketKeyMaterial,
  TicketKeys,
  type TicketKeysOptions,
} from './ticket-keys.js';
export {
  StatefulTickets,
  type StatefulTicketsOptions,
  StatelessTickets,
  type StatelessTicketsOptions,
  type TicketIssuer,
  type TicketOpenResult,
} from './tickets.js';
