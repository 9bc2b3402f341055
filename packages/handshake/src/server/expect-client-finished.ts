import type { CipherSuite } from '@strata/crypto';
import type { ResolvedServer } from '../config.js';
import type { EngineContext } from '../engine/context.js';
import { PskAuthenticated, verifyFinished } from '../engine/proofs.js';
import type { HandshakeState } from '../engine/state.js';
import { sendTickets } from '../engine/tickets.js';
import { ExpectTraffic, type PeerAuthentication } from '../engine/traffic.js';
import { expectMessage } from '../engine/unexpected.js';
import type { Decoded, HandshakeMessage } from '../msgs/handshake-message.js';
import type { KeyScheduleHandshake, KeyScheduleTraffic } from '../tls13/key-schedule.js';
import type { Transcript } from '../tls13/transcript.js';

type Tls13Suite = Extract<CipherSuite, { version: 'TLS1.3' }>;

/** The server's handshake after its flight. */
export interface ServerHandshake {
  readonly config: ResolvedServer;
  readonly suite: Tls13Suite;
  readonly transcript: Transcript;
  readonly schedule: KeyScheduleHandshake;
  readonly traffic: KeyScheduleTraffic;
}

/** RFC 8446 §4.4.4: the client's Finished ends the handshake. */
export class ExpectClientFinished implements HandshakeState {
  readonly name = 'ExpectClientFinished';
  readonly #hs: ServerHandshake;
  readonly #clientAuth: PeerAuthentication;

  constructor(hs: ServerHandshake, clientAuth: PeerAuthentication) {
    this.#hs = hs;
    this.#clientAuth = clientAuth;
  }

  handle(message: Decoded<HandshakeMessage>, ctx: EngineContext): HandshakeState {
    const fin = expectMessage(message, this.name, 'finished');
    const { suite, transcript, schedule, traffic } = this.#hs;
    const finished = verifyFinished(
      ctx.provider,
      suite.hash,
      schedule.clientHandshakeTrafficSecret,
      transcript.current(),
      fin.verifyData,
    );
    transcript.add(message.encoded);
    ctx.installReadKeys(suite, traffic.clientApplicationTrafficSecret);
    const resumptionMaster = traffic.resumptionMasterSecret(transcript.current());
    ctx.handshakeComplete = true;
    const tickets = this.#hs.config.tickets;
    if (tickets) {
      sendTickets(
        ctx,
        tickets,
        suite,
        resumptionMaster,
        this.#hs.config.now(),
        this.#clientAuth instanceof PskAuthenticated,
      );
    }
    return new ExpectTraffic(
      finished,
      this.#clientAuth,
      'server',
      suite,
      {
        read: traffic.clientApplicationTrafficSecret,
        write: traffic.serverApplicationTrafficSecret,
        resumptionMaster,
        exporterMaster: traffic.exporterMasterSecret,
      },
      this.#hs.config.now,
    );
  }
}
