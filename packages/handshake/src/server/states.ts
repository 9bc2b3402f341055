/**
 * The TLS 1.3 server, state by state, in the order of RFC 8446 §2 (Figure 1):
 *
 *   -> ClientHello                                ExpectClientHello
 *      (no usable key share: HelloRetryRequest, then ExpectSecondClientHello)
 *   ServerHello, {EncryptedExtensions},
 *   {CertificateRequest*}, {Certificate},
 *   {CertificateVerify}, {Finished} <-             sendServerFlight (server-flight.ts)
 *      (resumed with a PSK, psk-accept.ts: ServerHello, {EncryptedExtensions}, {Finished})
 *   -> {Certificate*}                              ExpectClientCertificate
 *   -> {CertificateVerify*}                        ExpectClientCertificateVerify
 *   -> {Finished}                                  ExpectClientFinished
 *   <- NewSessionTicket (with a ticket issuer)
 *   <-> [Application Data], KeyUpdate              ExpectTraffic
 */
import type { ExpectTraffic } from '../engine/traffic.js';
import type {
  ExpectClientCertificate,
  ExpectClientCertificateVerify,
} from './expect-client-certificate.js';
import type { ExpectClientFinished } from './expect-client-finished.js';
import type { ExpectClientHello } from './expect-client-hello.js';

export { ExpectClientHello } from './expect-client-hello.js';

/** Every state a server can be in. */
export type ServerState =
  | ExpectClientHello
  | ExpectClientCertificate
  | ExpectClientCertificateVerify
  | ExpectClientFinished
  | ExpectTraffic;
