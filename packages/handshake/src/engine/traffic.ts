import type { CipherSuite } from '@strata/crypto';
import { TlsError } from '@strata/wire';
import { KeyUpdateRequest } from '../msgs/codes.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import { MAX_TICKET_LIFETIME } from '../msgs/new-session-ticket.js';
import { nextTrafficSecret } from '../tls13/key-schedule.js';
import type { EngineContext } from './context.js';
import type { FinishedVerified, PskAuthenticated, SignatureVerified } from './proofs.js';
import type { HandshakeState } from './state.js';
import { sessionFromTicket } from './tickets.js';
import { expectMessage } from './unexpected.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/**
 * How the peer authenticated: a client holds the server's
 * `SignatureVerified`, or `PskAuthenticated` after a resumption; a server
 * holds the client's signature, the PSK, or `'none'` when the client sent no
 * certificate.
 */
export type PeerAuthentication = SignatureVerified | PskAuthenticated | 'none';

/**
 * After both Finished: application data flows; the handshake messages that
 * may still arrive are KeyUpdate (both sides) and NewSessionTicket (client).
 * Constructing it requires the proof that the peer's Finished verified.
 */
export class ExpectTraffic implements HandshakeState {
  readonly name = 'ExpectTraffic';
  readonly #suite: Tls13Suite;
  #readSecret: Uint8Array;
  #writeSecret: Uint8Array;
  readonly #side: 'client' | 'server';
  readonly #now: () => number;
  /** The resumption_master_secret: the PSK of each NewSessionTicket derives from it. */
  readonly resumptionMasterSecret: Uint8Array;
  readonly exporterMasterSecret: Uint8Array;
  /** We sent update_requested and the peer has not updated its keys yet. */
  peerUpdateRequested = false;

  constructor(
    _finished: FinishedVerified,
    _peer: PeerAuthentication,
    side: 'client' | 'server',
    suite: Tls13Suite,
    secrets: {
      readonly read: Uint8Array;
      readonly write: Uint8Array;
      readonly resumptionMaster: Uint8Array;
      readonly exporterMaster: Uint8Array;
    },
    now: () => number,
  ) {
    this.#now = now;
    this.#side = side;
    this.#suite = suite;
    this.#readSecret = secrets.read;
    this.#writeSecret = secrets.write;
    this.resumptionMasterSecret = secrets.resumptionMaster;
    this.exporterMasterSecret = secrets.exporterMaster;
  }

  get suite(): Tls13Suite {
    return this.#suite;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const kinds =
      this.#side === 'client'
        ? (['key_update', 'new_session_ticket'] as const)
        : (['key_update'] as const);
    const m = expectMessage(message, this.name, ...kinds);
    if (m.kind === 'new_session_ticket') {
      if (m.ticketLifetime > MAX_TICKET_LIFETIME) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_TICKET_LIFETIME',
          `tls: NewSessionTicket lifetime ${m.ticketLifetime} exceeds 7 days`,
        );
      }
      const session = sessionFromTicket(
        ctx,
        m,
        this.#suite,
        this.resumptionMasterSecret,
        this.#now(),
      );
      ctx.emit({ type: 'new_session_ticket', ticket: m, ...(session ? { session } : {}) });
      return this;
    }
    // KeyUpdate, RFC 8446 §4.6.3.
    if (++ctx.keyUpdatesInARow > ctx.maxKeyUpdatesInARow) {
      throw new TlsError(
        'unexpected_message',
        'HANDSHAKE_TOO_MANY_KEY_UPDATES',
        `tls: more than ${ctx.maxKeyUpdatesInARow} KeyUpdates without application data`,
      );
    }
    const next = nextTrafficSecret(this.#suite.hash, this.#readSecret);
    this.#readSecret.fill(0);
    this.#readSecret = next;
    ctx.installReadKeys(this.#suite, next);
    this.peerUpdateRequested = false;
    ctx.emit({ type: 'key_update', direction: 'read' });
    if (m.requestUpdate === KeyUpdateRequest.update_requested) {
      this.updateWriteKeys(ctx, false);
    }
    return this;
  }

  /** Sends a KeyUpdate and switches to the next write secret. */
  updateWriteKeys(ctx: EngineContext, requestPeer: boolean): void {
    ctx.send({
      kind: 'key_update',
      requestUpdate: requestPeer
        ? KeyUpdateRequest.update_requested
        : KeyUpdateRequest.update_not_requested,
    });
    const next = nextTrafficSecret(this.#suite.hash, this.#writeSecret);
    this.#writeSecret.fill(0);
    this.#writeSecret = next;
    ctx.installWriteKeys(this.#suite, next);
    if (requestPeer) this.peerUpdateRequested = true;
    ctx.emit({ type: 'key_update', direction: 'write' });
  }
}
