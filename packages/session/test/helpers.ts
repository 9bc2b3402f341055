import {
  type Session,
  Tls12Session,
  type Tls12SessionParams,
  Tls13Session,
  type Tls13SessionParams,
} from '../src/index.js';

export const T0 = 1_700_000_000_000;

/** A TLS 1.3 server-side session with distinct, recognisable bytes. */
export function tls13(overrides: Partial<Tls13SessionParams> = {}): Tls13Session {
  return new Tls13Session({
    cipherSuite: 0x1301,
    createdAtMs: T0,
    timeoutSeconds: 7200,
    psk: new Uint8Array(32).fill(0x11),
    ticketAgeAdd: 0xfad6aac5,
    ticketLifetimeSeconds: 7200,
    ...overrides,
  });
}

/** A TLS 1.2 session with a session id. */
export function tls12(overrides: Partial<Tls12SessionParams> = {}): Tls12Session {
  return new Tls12Session({
    cipherSuite: 0xc02f,
    createdAtMs: T0,
    timeoutSeconds: 7200,
    sessionId: new Uint8Array(32).fill(0x22),
    masterSecret: new Uint8Array(48).fill(0x33),
    extendedMasterSecret: true,
    ...overrides,
  });
}

/** A 32-byte id whose bytes are all `n`. */
export function id(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

/** Session ids of a list of sessions, as their first byte (the helpers fill ids with one value). */
export function ids(sessions: readonly Session[]): number[] {
  return sessions.map((s) => s.sessionId[0]!);
}
