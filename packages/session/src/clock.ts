/**
 * Time as Strata's session layer sees it: a function returning the current
 * time in **milliseconds** since the Unix epoch, like `Date.now`.
 *
 * Every time-dependent object in this package takes a clock at construction
 * and never reads the system time otherwise, so tests can drive expiry,
 * rotation and eviction deterministically. Milliseconds, because TLS 1.3
 * ticket ages are in milliseconds (RFC 8446 §4.2.11); durations that OpenSSL
 * and the RFCs express in seconds (session timeout, ticket lifetime) keep
 * seconds and say so in their names (`timeoutSeconds`).
 */
export type Clock = () => number;

/** The default clock, `Date.now`, used only when no clock is given. */
export const systemClock: Clock = () => Date.now();

/** A clock for tests: starts at `startMs` and moves only when told. */
export interface ManualClock {
  readonly now: Clock;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to `ms`. */
  set(ms: number): void;
}

/** A clock that moves only when told; for tests and simulations. */
export function manualClock(startMs = 1_700_000_000_000): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`manualClock: cannot advance by ${ms}`);
      current += ms;
    },
    set(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`manualClock: invalid time ${ms}`);
      current = ms;
    },
  };
}

/** Reads a clock and checks that it returned a usable time. */
export function readClock(clock: Clock): number {
  const t = clock();
  if (!Number.isSafeInteger(t) || t < 0) {
    throw new RangeError(`clock returned ${t}; expected a non-negative integer of milliseconds`);
  }
  return t;
}
