/**
 * The TLS 1.3 client, state by state, in the order of RFC 8446 §2 (Figure 1):
 *
 *   ClientHello                      startClient (expect-server-hello.ts)
 *                  <- ServerHello / HelloRetryRequest    ExpectServerHello
 *                                    (after HRR: ClientHello again, ExpectServerHello once more)
 *                  <- {EncryptedExtensions}              ExpectEncryptedExtensions
 *                  <- {CertificateRequest*}              ExpectCertificateOrRequest
 *                  <- {Certificate}                      ExpectCertificate
 *                  <- {CertificateVerify}                ExpectCertificateVerify
 *                  <- {Finished}                         ExpectFinished
 *                  (resumed with a PSK: no CertificateRequest/Certificate/CertificateVerify,
 *                   ExpectEncryptedExtensions goes straight to ExpectFinished)
 *   {Certificate*, CertificateVerify*, Finished} ->      (sent by ExpectFinished)
 *                  <-> [Application Data], KeyUpdate, NewSessionTicket   ExpectTraffic
 *
 * Every state handles one message and returns the next; anything else is
 * unexpected_message.
 */
import type { ExpectTraffic } from '../engine/traffic.js';
import type { ExpectCertificate, ExpectCertificateOrRequest } from './expect-certificate.js';
import type { ExpectCertificateVerify } from './expect-certificate-verify.js';
import type { ExpectEncryptedExtensions } from './expect-encrypted-extensions.js';
import type { ExpectFinished } from './expect-finished.js';
import type { ExpectServerHello } from './expect-server-hello.js';

export { startClient } from './expect-server-hello.js';

/** Every state a client can be in. */
export type ClientState =
  | ExpectServerHello
  | ExpectEncryptedExtensions
  | ExpectCertificateOrRequest
  | ExpectCertificate
  | ExpectCertificateVerify
  | ExpectFinished
  | ExpectTraffic;
