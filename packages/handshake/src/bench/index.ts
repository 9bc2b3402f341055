/**
 * `@strata/handshake/bench`: what benchmarks share. The crypto-bound
 * definition of a TLS 1.3 handshake (the raw provider operations it needs)
 * and a ticket issuer for resumption benchmarks. Used by this package's
 * `pnpm bench` and the repository's tooling/bench.
 */
export {
  type CryptoBoundOp,
  cryptoBoundHandshake,
  type FullHandshakeShape,
  fullHandshakeOps,
  limitFromRates,
  type ResumedHandshakeShape,
  resumedHandshakeOps,
} from './crypto-bound.js';
export { benchTicketConfig, firstTicket } from './tickets.js';
