// Mirrors test/c/cache.c step by step and compares with what OpenSSL 3.0 printed.
import { describe, expect, it } from 'vitest';
import { cannotCompile, type Observations, recorded, runC } from '../test/c/harness.js';
import { id, T0 } from '../test/helpers.js';
import {
  manualClock,
  type Session,
  SessionCache,
  SSL_SESSION_CACHE_MAX_SIZE_DEFAULT,
  SSL_SESSION_NEW_TIMEOUT_SECONDS,
  Tls12Session,
} from './index.js';

/**
 * Where Strata deliberately differs from OpenSSL 3.0.19, with the reason;
 * every other observation must be equal.
 */
const DEVIATIONS: Record<string, { strata: number; why: string }> = {
  'full.number': {
    strata: 3,
    why: 'OpenSSL 3.0 evicts while sess_number >= cache size after inserting the new session into its hash (PR #18905), so a full cache holds one session less than its size; Strata holds exactly maxSize, as SSL_CTX_sess_set_cache_size(3) documents',
  },
  'full.cache_full': {
    strata: 0,
    why: 'same off-by-one: no eviction until the cache really is full',
  },
  'add4.number': { strata: 3, why: 'same off-by-one' },
  'add4.cache_full': { strata: 1, why: 'same off-by-one' },
  'add4.removed': { strata: 1, why: 'same off-by-one: only the oldest session is evicted' },
  'add4.s1_resumable': {
    strata: 1,
    why: 'sessions are immutable values in Strata; OpenSSL marks an evicted or removed SSL_SESSION not_resumable in place. The cache no longer offers it either way',
  },
  readd2: {
    strata: 0,
    why: 'off-by-one (see full.number): s2 is still cached in Strata, so adding it again is not new',
  },
  'readd2.number': { strata: 3, why: 'off-by-one (see full.number)' },
  'readd2.removed': { strata: 0, why: 'off-by-one: nothing to evict for a session already cached' },
  'readd2.again.number': { strata: 3, why: 'off-by-one (see full.number)' },
  remove3: { strata: 1, why: 'off-by-one: s3 was evicted in OpenSSL, is still cached in Strata' },
  'remove3.resumable': { strata: 1, why: 'immutable sessions (see add4.s1_resumable)' },
  'add5.number': { strata: 3, why: 'off-by-one (see full.number)' },
  'shrink.number': { strata: 3, why: 'off-by-one (see full.number)' },
  'add6.cache_full': { strata: 4, why: 'off-by-one: three evictions before, not four' },
  'add6.removed': {
    strata: 40205,
    why: 'Strata evicts the least recently used (s4, s2 — s2 was re-added after s4); OpenSSL 3.0 keeps its list in expiry order and evicts the session that expires first (s2, s4)',
  },
  'flush0.removed': {
    strata: 608,
    why: 'SSL_CTX_flush_sessions walks OpenSSL 3.0 expiry-ordered list; Strata walks least recently used first. Same set, other callback order',
  },
  add_noid: {
    strata: 0,
    why: 'OpenSSL caches a session with an empty id (it can never be looked up); Strata refuses it',
  },
  'add_noid.number': { strata: 0, why: 'see add_noid' },
};

function cacheScenario(): Observations {
  const lines: Observations = [];
  const P = (k: string, v: number | boolean): void => {
    lines.push([k, typeof v === 'boolean' ? (v ? 1 : 0) : v]);
  };
  const sec = (t: number) => T0 + t * 1000;
  const clock = manualClock(sec(0));
  let removed: number[] = [];
  const takeRemoved = (): number => {
    const v = removed.reduce((acc, x) => acc * 100 + x, 0);
    removed = [];
    return v;
  };
  const cache = new SessionCache({
    clock: clock.now,
    callbacks: {
      onRemove: (s: Session) => {
        if (s.sessionIdLength > 0) removed.push(s.sessionId[0]!);
      },
    },
  });
  const sess = (n: number, time: number, timeout: number) =>
    new Tls12Session({
      cipherSuite: 0xc02f,
      createdAtMs: sec(time),
      timeoutSeconds: timeout,
      sessionId: id(n),
      masterSecret: new Uint8Array(48).fill(n),
      extendedMasterSecret: true,
    });
  const s: Tls12Session[] = [];

  P('default.cache_size', cache.maxSize);
  P('default.mode', cache.mode);
  P('default.timeout', cache.timeoutSeconds);
  P('session_new.timeout', SSL_SESSION_NEW_TIMEOUT_SECONDS);
  P('set_size.prev', cache.setMaxSize(3));
  for (let i = 1; i <= 4; i++) s[i] = sess(i, i, 1000);
  P('add1', cache.add(s[1]!));
  P('add2', cache.add(s[2]!));
  P('add3', cache.add(s[3]!));
  P('full.number', cache.stats().sess_number);
  P('full.cache_full', cache.stats().sess_cache_full);
  P('add4', cache.add(s[4]!));
  P('add4.number', cache.size);
  P('add4.cache_full', cache.stats().sess_cache_full);
  P('add4.removed', takeRemoved());
  P('add4.s1_resumable', s[1]!.resumable);

  P('readd2', cache.add(s[2]!));
  P('readd2.number', cache.size);
  P('readd2.removed', takeRemoved());
  P('readd2.again', cache.add(s[2]!));
  P('readd2.again.number', cache.size);
  P('readd2.again.removed', takeRemoved());

  P('remove3', cache.remove(s[3]!));
  P('remove3.number', cache.size);
  P('remove3.removed', takeRemoved());
  P('remove3.resumable', s[3]!.resumable);
  P('remove3.again', cache.remove(s[3]!));
  P('remove3.again.removed', takeRemoved());
  P('remove1.not_cached', cache.remove(s[1]!));
  P('remove1.not_cached.removed', takeRemoved());

  s[5] = sess(5, 5, 1000);
  s[6] = sess(6, 6, 1000);
  P('add5', cache.add(s[5]!));
  P('add5.number', cache.size);
  P('shrink.prev', cache.setMaxSize(1));
  P('shrink.number', cache.size);
  P('add6', cache.add(s[6]!));
  P('add6.number', cache.size);
  P('add6.cache_full', cache.stats().sess_cache_full);
  P('add6.removed', takeRemoved());

  cache.setMaxSize(0);
  s[7] = sess(7, 0, 10);
  s[8] = sess(8, 0, 20);
  P('add7', cache.add(s[7]!));
  P('add8', cache.add(s[8]!));
  P('unlimited.number', cache.size);
  takeRemoved();
  cache.flush(sec(10));
  P('flush.at_expiry.number', cache.size);
  P('flush.at_expiry.removed', takeRemoved());
  cache.flush(sec(11));
  P('flush.after.number', cache.size);
  P('flush.after.removed', takeRemoved());
  P('flush.timeouts', cache.stats().sess_timeouts);
  cache.flush(0);
  P('flush0.number', cache.size);
  P('flush0.removed', takeRemoved());

  const noid = new Tls12Session({
    cipherSuite: 0xc02f,
    createdAtMs: sec(0),
    timeoutSeconds: 1000,
    masterSecret: new Uint8Array(48),
    extendedMasterSecret: true,
  });
  P('add_noid', cache.add(noid));
  P('add_noid.number', cache.size);
  P('remove_noid', cache.remove(noid));
  P('remove_noid.removed', takeRemoved());

  const st = cache.stats();
  P('stats.hits', st.sess_hits);
  P('stats.misses', st.sess_misses);
  P('stats.accept', st.sess_accept);
  P('stats.cb_hits', st.sess_cb_hits);
  return lines;
}

/** OpenSSL's observations with the documented deviations applied. */
function expectedFrom(openssl: Observations): Observations {
  return openssl.map(([k, v]) => [k, DEVIATIONS[k]?.strata ?? v]);
}

describe('SessionCache against OpenSSL 3.0 (test/c/cache.c)', () => {
  it('agrees with the recorded OpenSSL 3.0.19 output except for the listed deviations', () => {
    const openssl = recorded('cache');
    expect(cacheScenario()).toEqual(expectedFrom(openssl));
    // Every deviation names a real observation and really differs from OpenSSL.
    const got = new Map(openssl);
    for (const [k, d] of Object.entries(DEVIATIONS)) {
      expect(got.has(k), k).toBe(true);
      expect(got.get(k), `${k}: ${d.why}`).not.toBe(d.strata);
    }
    expect(cacheScenario()[0]).toEqual(['default.cache_size', SSL_SESSION_CACHE_MAX_SIZE_DEFAULT]);
  });

  const reason = cannotCompile();
  it.skipIf(reason !== undefined)(
    `agrees with a fresh run of cache.c against the system libssl${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      expect(cacheScenario()).toEqual(expectedFrom(runC('cache')));
    },
  );
});
