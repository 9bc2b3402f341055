import type { CipherSuite, KeyExchangeGroup, SignatureScheme } from '@strata/crypto';
import type { Certificate, VerifyResult } from '@strata/pki';
import type { ReceivedAlert } from '@strata/record';
import type { Tls13Session } from '@strata/session';
import type { AlertName, TlsError } from '@strata/wire';
import type { NewSessionTicket } from '../msgs/new-session-ticket.js';

/** What a connection reports, in order, through `takeEvents()`. */
export type ConnectionEvent =
  | { readonly type: 'handshake_complete' }
  /** The peer sent close_notify: it will send nothing more. */
  | { readonly type: 'peer_closed' }
  | { readonly type: 'alert_received'; readonly alert: ReceivedAlert }
  /** We sent an alert: close_notify from `close()`, or an error alert with its cause. */
  | { readonly type: 'alert_sent'; readonly alert: AlertName; readonly error?: TlsError }
  | { readonly type: 'key_update'; readonly direction: 'read' | 'write' }
  /**
   * Client: a post-handshake NewSessionTicket and the session to resume with
   * it (`ClientConfig.session`); no session for a lifetime of 0.
   */
  | {
      readonly type: 'new_session_ticket';
      readonly ticket: NewSessionTicket;
      readonly session?: Tls13Session;
    };

/** What the handshake settled, filled in as it goes. */
export interface Negotiated {
  /** 0x0304 once a ServerHello was sent or received. */
  version?: number;
  cipherSuite?: Extract<CipherSuite, { version: 'TLS1.3' }>;
  group?: KeyExchangeGroup;
  /** The scheme of the server's CertificateVerify. */
  signatureScheme?: SignatureScheme;
  /** The scheme of the client's CertificateVerify, when it sent one. */
  clientSignatureScheme?: SignatureScheme;
  alpn?: string;
  /** The SNI name the client sent (server: as received). */
  serverName?: string;
  /** The peer's chain as sent, leaf first. */
  peerCertificates?: readonly Certificate[];
  /** The peer chain verification (also when verifyMode is `none`). */
  verifyResult?: VerifyResult;
  /** True when a HelloRetryRequest happened. */
  helloRetry?: boolean;
  /** True when the handshake resumed a session with a PSK (no certificates exchanged). */
  resumed?: boolean;
  /** With `resumed`: psk_dhe_ke (a key share was used) or psk_ke (the PSK alone, no `group`). */
  pskMode?: 'psk_dhe_ke' | 'psk_ke';
  /** The record_size_limit the peer advertised. */
  peerRecordSizeLimit?: number;
}
