import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { id, ids, T0, tls12, tls13 } from '../test/helpers.js';
import {
  DEFAULT_SESSION_TIMEOUT_SECONDS,
  manualClock,
  type Session,
  SessionCache,
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
  TLS1_2_VERSION,
  TLS1_3_VERSION,
} from './index.js';

const ctx12 = { version: TLS1_2_VERSION };

function setup(options: ConstructorParameters<typeof SessionCache>[0] = {}) {
  const clock = manualClock(T0);
  const removed: Session[] = [];
  const added: Session[] = [];
  const cache = new SessionCache({
    clock: clock.now,
    callbacks: { onRemove: (s) => removed.push(s), onNew: (s) => added.push(s) },
    ...options,
  });
  return { clock, cache, removed, added };
}

describe('SessionCache', () => {
  it('has OpenSSL 3.0 defaults', () => {
    const cache = new SessionCache();
    expect(SSL_SESSION_CACHE_MAX_SIZE_DEFAULT).toBe(20480);
    expect(cache.maxSize).toBe(20480);
    expect(cache.timeoutSeconds).toBe(DEFAULT_SESSION_TIMEOUT_SECONDS);
    expect(cache.timeoutSeconds).toBe(7200);
    expect(cache.mode).toBe(SSL_SESS_CACHE_SERVER);
    expect([
      SSL_SESS_CACHE_OFF,
      SSL_SESS_CACHE_CLIENT,
      SSL_SESS_CACHE_SERVER,
      SSL_SESS_CACHE_BOTH,
    ]).toEqual([0, 1, 2, 3]);
    expect([
      SSL_SESS_CACHE_NO_AUTO_CLEAR,
      SSL_SESS_CACHE_NO_INTERNAL_LOOKUP,
      SSL_SESS_CACHE_NO_INTERNAL_STORE,
      SSL_SESS_CACHE_NO_INTERNAL,
      SSL_SESS_CACHE_UPDATE_TIME,
    ]).toEqual([0x80, 0x100, 0x200, 0x300, 0x400]);
    expect(cache.stats()).toEqual({
      sess_number: 0,
      sess_connect: 0,
      sess_connect_good: 0,
      sess_connect_renegotiate: 0,
      sess_accept: 0,
      sess_accept_good: 0,
      sess_accept_renegotiate: 0,
      sess_hits: 0,
      sess_cb_hits: 0,
      sess_misses: 0,
      sess_timeouts: 0,
      sess_cache_full: 0,
    });
  });

  it('setters return the previous value, like SSL_CTX_set_*', () => {
    const cache = new SessionCache();
    expect(cache.setMode(SSL_SESS_CACHE_BOTH)).toBe(SSL_SESS_CACHE_SERVER);
    expect(cache.setMaxSize(10)).toBe(20480);
    expect(cache.setTimeout(300)).toBe(7200);
    expect([cache.mode, cache.maxSize, cache.timeoutSeconds]).toEqual([
      SSL_SESS_CACHE_BOTH,
      10,
      300,
    ]);
    expect(() => cache.setMode(0x8000)).toThrow(RangeError);
    expect(() => cache.setMaxSize(-1)).toThrow(RangeError);
  });

  it('add returns 1 for a new session and 0 for one already there (SSL_CTX_add_session)', () => {
    const { cache } = setup();
    expect(cache.add(tls12({ sessionId: id(1) }))).toBe(true);
    expect(cache.add(tls12({ sessionId: id(1) }))).toBe(false);
    expect(cache.size).toBe(1);
    expect(cache.add(tls12({ sessionId: new Uint8Array(0) }))).toBe(false);
    expect(cache.size).toBe(1);
    // Same id, other protocol version: another key, as OpenSSL's lhash compares both.
    expect(cache.add(tls13({ sessionId: id(1) }))).toBe(true);
    expect(cache.stats().sess_number).toBe(2);
  });

  it('evicts the least recently used session when full, counting sess_cache_full', () => {
    const { cache, removed } = setup({ maxSize: 3 });
    for (const n of [1, 2, 3]) cache.add(tls12({ sessionId: id(n) }));
    // A hit on 1 makes it most recently used: 2 is now the oldest.
    expect(cache.lookup(id(1), ctx12).status).toBe('hit');
    cache.add(tls12({ sessionId: id(4) }));
    expect(ids(cache.sessions())).toEqual([3, 1, 4]);
    expect(ids(removed)).toEqual([2]);
    // Re-adding 3 refreshes it; 5 then evicts 1.
    cache.add(tls12({ sessionId: id(3) }));
    cache.add(tls12({ sessionId: id(5) }));
    expect(ids(cache.sessions())).toEqual([4, 3, 5]);
    expect(ids(removed)).toEqual([2, 1]);
    expect(cache.stats().sess_cache_full).toBe(2);
    expect(cache.stats().sess_number).toBe(3);
  });

  it('with refreshOnHit false, hits do not reorder (OpenSSL list order for equal timeouts)', () => {
    const { cache } = setup({ maxSize: 2, refreshOnHit: false });
    cache.add(tls12({ sessionId: id(1) }));
    cache.add(tls12({ sessionId: id(2) }));
    cache.lookup(id(1), ctx12);
    cache.add(tls12({ sessionId: id(3) }));
    expect(ids(cache.sessions())).toEqual([2, 3]);
  });

  it('maxSize 0 means no limit', () => {
    const { cache } = setup({ maxSize: 0 });
    for (let n = 0; n < 50; n++) cache.add(tls12({ sessionId: id(n) }));
    expect(cache.size).toBe(50);
    expect(cache.stats().sess_cache_full).toBe(0);
  });

  it('counts misses, hits and timeouts as ssl_get_prev_session does', () => {
    const { cache, clock, removed } = setup();
    cache.add(tls12({ sessionId: id(1), createdAtMs: T0, timeoutSeconds: 10 }));
    expect(cache.lookup(id(9), ctx12).status).toBe('miss');
    expect(cache.lookup(id(1), ctx12).status).toBe('hit');
    clock.advance(10_000);
    expect(cache.lookup(id(1), ctx12).status).toBe('hit'); // still valid at exactly the timeout
    clock.advance(1);
    expect(cache.lookup(id(1), ctx12).status).toBe('timeout');
    // An expired session found in the cache is removed from it.
    expect(cache.size).toBe(0);
    expect(ids(removed)).toEqual([1]);
    expect(cache.lookup(id(1), ctx12).status).toBe('miss');
    const s = cache.stats();
    expect([s.sess_misses, s.sess_hits, s.sess_timeouts]).toEqual([2, 2, 1]);
  });

  it('refuses another version or session id context without counting a hit', () => {
    const { cache } = setup();
    cache.add(tls12({ sessionId: id(1), sidCtx: new Uint8Array([1, 2]) }));
    expect(cache.lookup(id(1), { version: TLS1_2_VERSION }).status).toBe('mismatch');
    expect(
      cache.lookup(id(1), { version: TLS1_2_VERSION, sidCtx: new Uint8Array([1, 3]) }).status,
    ).toBe('mismatch');
    expect(
      cache.lookup(id(1), { version: TLS1_3_VERSION, sidCtx: new Uint8Array([1, 2]) }).status,
    ).toBe('miss');
    expect(
      cache.lookup(id(1), { version: TLS1_2_VERSION, sidCtx: new Uint8Array([1, 2]) }).status,
    ).toBe('hit');
    expect(cache.stats().sess_hits).toBe(1);
    expect(cache.accept(tls12({ resumable: false }), ctx12, false).status).toBe('not_resumable');
  });

  it('flushes expired sessions only, or all with time 0 (SSL_CTX_flush_sessions)', () => {
    const { cache, clock, removed } = setup();
    cache.add(tls12({ sessionId: id(1), timeoutSeconds: 5 }));
    cache.add(tls12({ sessionId: id(2), timeoutSeconds: 100 }));
    cache.add(tls12({ sessionId: id(3), timeoutSeconds: 1 }));
    clock.advance(6_000);
    expect(cache.flush()).toBe(2);
    expect(ids(cache.sessions())).toEqual([2]);
    expect(ids(removed).sort()).toEqual([1, 3]);
    expect(cache.flush(T0 + 100_001)).toBe(1);
    cache.add(tls12({ sessionId: id(4) }));
    expect(cache.flush(0)).toBe(1);
    expect(cache.size).toBe(0);
    // Flushing is not a timeout of a proposed session.
    expect(cache.stats().sess_timeouts).toBe(0);
  });

  it('uses the external get callback after an internal miss and stores what it returns', () => {
    const external = new Map<string, Session>([['5', tls12({ sessionId: id(5) })]]);
    const clock = manualClock(T0);
    const cache = new SessionCache({
      clock: clock.now,
      callbacks: { get: (sid) => external.get(String(sid[0])) },
    });
    expect(cache.lookup(id(5), ctx12).status).toBe('hit');
    expect(cache.size).toBe(1);
    let s = cache.stats();
    expect([s.sess_misses, s.sess_cb_hits, s.sess_hits]).toEqual([1, 1, 1]);
    // Now internal: no miss, no callback hit.
    expect(cache.lookup(id(5), ctx12).status).toBe('hit');
    s = cache.stats();
    expect([s.sess_misses, s.sess_cb_hits, s.sess_hits]).toEqual([1, 1, 2]);
    // A non-resumable external session is ignored and not counted.
    external.set('6', tls12({ sessionId: id(6), resumable: false }));
    expect(cache.lookup(id(6), ctx12).status).toBe('miss');
    expect(cache.stats().sess_cb_hits).toBe(1);
  });

  it('NO_INTERNAL_LOOKUP goes straight to the external cache and counts no miss', () => {
    let calls = 0;
    const cache = new SessionCache({
      clock: manualClock(T0).now,
      mode: SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_LOOKUP,
      callbacks: {
        get: () => {
          calls++;
          return undefined;
        },
      },
    });
    cache.add(tls12({ sessionId: id(1) }));
    expect(cache.lookup(id(1), ctx12).status).toBe('miss');
    expect(calls).toBe(1);
    expect(cache.stats().sess_misses).toBe(0);
  });

  it('NO_INTERNAL_STORE keeps external hits and new sessions out of the internal cache', () => {
    const added: Session[] = [];
    const cache = new SessionCache({
      clock: manualClock(T0).now,
      mode: SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE,
      callbacks: { get: () => tls12({ sessionId: id(7) }), onNew: (s) => added.push(s) },
    });
    expect(cache.lookup(id(7), ctx12).status).toBe('hit');
    cache.updateCache(tls12({ sessionId: id(8) }), 'server');
    expect(cache.size).toBe(0);
    expect(ids(added)).toEqual([8]);
  });

  it('updateCache follows the mode and role like ssl_update_cache', () => {
    const { cache, added } = setup({ mode: SSL_SESS_CACHE_OFF });
    cache.updateCache(tls12({ sessionId: id(1) }), 'server');
    expect(cache.size).toBe(0);
    expect(added).toEqual([]);
    cache.setMode(SSL_SESS_CACHE_SERVER);
    cache.updateCache(tls12({ sessionId: id(2) }), 'client');
    expect(cache.size).toBe(0);
    cache.updateCache(tls12({ sessionId: id(3) }), 'server');
    cache.updateCache(tls12({ sessionId: id(4) }), 'server', { resumed: true });
    expect(ids(cache.sessions())).toEqual([3]);
    expect(ids(added)).toEqual([3]);
    cache.setMode(SSL_SESS_CACHE_BOTH);
    cache.updateCache(tls12({ sessionId: id(5) }), 'client');
    expect(ids(cache.sessions())).toEqual([3, 5]);
  });

  it('keeps TLS 1.3 server sessions internally only when stateful or watched by onRemove', () => {
    const added: Session[] = [];
    const plain = new SessionCache({ callbacks: { onNew: (s) => added.push(s) } });
    plain.updateCache(tls13({ sessionId: id(1) }), 'server');
    expect(plain.size).toBe(0);
    expect(ids(added)).toEqual([1]); // the new-session callback still hears of it
    plain.updateCache(tls13({ sessionId: id(2) }), 'server', { stateful: true });
    expect(plain.size).toBe(1);
    const watched = new SessionCache({ callbacks: { onRemove: () => {} } });
    watched.updateCache(tls13({ sessionId: id(3) }), 'server');
    expect(watched.size).toBe(1);
    // A resumed TLS 1.3 connection still yields new tickets.
    plain.updateCache(tls13({ sessionId: id(4) }), 'server', { resumed: true, stateful: true });
    expect(plain.size).toBe(2);
  });

  it('auto-clears expired sessions every 255 good handshakes unless NO_AUTO_CLEAR', () => {
    for (const noAutoClear of [false, true]) {
      const mode = SSL_SESS_CACHE_SERVER | (noAutoClear ? SSL_SESS_CACHE_NO_AUTO_CLEAR : 0);
      const { cache, clock } = setup({ mode, maxSize: 0 });
      const stale = new Uint8Array([9, 9, 9]);
      cache.add(tls12({ sessionId: stale, timeoutSeconds: 1 }));
      clock.advance(2_000);
      for (let n = 0; n < 255; n++) {
        cache.updateCache(tls12({ sessionId: id(n), createdAtMs: T0 + 2_000 }), 'server');
        if (n === 254) break; // the 256th call below sees accept_good == 255
        cache.countAcceptGood();
      }
      expect(cache.has(TLS1_2_VERSION, stale)).toBe(true);
      cache.countAcceptGood();
      cache.updateCache(tls12({ sessionId: id(255), createdAtMs: T0 + 2_000 }), 'server');
      expect(cache.stats().sess_accept_good).toBe(255);
      expect(cache.has(TLS1_2_VERSION, stale)).toBe(noAutoClear);
    }
  });

  it('UPDATE_TIME resets the creation time of what it stores', () => {
    const { cache, clock } = setup({ mode: SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_UPDATE_TIME });
    clock.advance(5_000);
    cache.add(tls12({ sessionId: id(1), createdAtMs: T0, timeoutSeconds: 10 }));
    expect(cache.peek(TLS1_2_VERSION, id(1))!.createdAtMs).toBe(T0 + 5_000);
    clock.advance(9_000);
    expect(cache.lookup(id(1), ctx12).status).toBe('hit');
  });

  it('counts connect and accept statistics through the engine hooks', () => {
    const { cache } = setup();
    cache.countConnect();
    cache.countConnect(true);
    cache.countConnectGood(true);
    cache.countConnectGood(false);
    cache.countAccept();
    cache.countAccept();
    cache.countAccept(true);
    cache.countAcceptGood();
    const s = cache.stats();
    expect(s).toMatchObject({
      sess_connect: 1,
      sess_connect_renegotiate: 1,
      sess_connect_good: 2,
      sess_hits: 1,
      sess_accept: 2,
      sess_accept_renegotiate: 1,
      sess_accept_good: 1,
    });
  });

  it('removes a bad session: handshake done, no close_notify sent (SSL_set_shutdown(3))', () => {
    const { cache, removed } = setup();
    const s = tls12({ sessionId: id(1) });
    cache.add(s);
    expect(cache.removeBadSession(s, { shutdown: SSL_SENT_SHUTDOWN, handshakeDone: true })).toBe(
      false,
    );
    expect(cache.removeBadSession(s, { shutdown: 0, handshakeDone: false })).toBe(false);
    expect(cache.size).toBe(1);
    expect(
      cache.removeBadSession(s, { shutdown: SSL_RECEIVED_SHUTDOWN, handshakeDone: true }),
    ).toBe(true);
    expect(cache.size).toBe(0);
    expect(ids(removed)).toEqual([1]);
    expect(cache.removeBadSession(undefined, { shutdown: 0, handshakeDone: true })).toBe(false);
  });

  it('remove calls onRemove even for a session not cached, as OpenSSL does', () => {
    const { cache, removed } = setup();
    expect(cache.remove(tls12({ sessionId: id(3) }))).toBe(false);
    expect(ids(removed)).toEqual([3]);
    expect(cache.remove(tls13())).toBe(false); // no id: nothing at all
    expect(removed.length).toBe(1);
  });
});

describe('SessionCache against a model', () => {
  it('behaves like an LRU list with OpenSSL counters for any sequence of operations', () => {
    type Op =
      | { op: 'add'; n: number; timeout: number }
      | { op: 'lookup'; n: number }
      | { op: 'remove'; n: number }
      | { op: 'advance'; ms: number }
      | { op: 'flush' };
    const n = fc.integer({ min: 0, max: 7 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('add' as const), n, timeout: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ op: fc.constant('lookup' as const), n }),
      fc.record({ op: fc.constant('remove' as const), n }),
      fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
      fc.record({ op: fc.constant('flush' as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(op, { maxLength: 60 }),
        (maxSize, ops) => {
          const { cache, clock, removed } = setup({ maxSize });
          // Model: [id, expiresAt] from least to most recently used.
          let model: Array<[number, number]> = [];
          let now = T0;
          const counters = { hits: 0, misses: 0, timeouts: 0, full: 0, removedCalls: 0 };
          for (const o of ops) {
            if (o.op === 'add') {
              const existed = model.some(([k]) => k === o.n);
              model = model.filter(([k]) => k !== o.n);
              if (!existed) {
                while (model.length >= maxSize) {
                  model.shift();
                  counters.full++;
                  counters.removedCalls++;
                }
              }
              model.push([o.n, now + o.timeout * 1000]);
              expect(
                cache.add(
                  tls12({ sessionId: id(o.n), createdAtMs: now, timeoutSeconds: o.timeout }),
                ),
              ).toBe(!existed);
            } else if (o.op === 'lookup') {
              const at = model.findIndex(([k]) => k === o.n);
              let expected: string;
              if (at < 0) {
                counters.misses++;
                expected = 'miss';
              } else {
                const entry = model[at]!;
                model.splice(at, 1);
                if (now > entry[1]) {
                  counters.timeouts++;
                  counters.removedCalls++;
                  expected = 'timeout';
                } else {
                  model.push(entry);
                  counters.hits++;
                  expected = 'hit';
                }
              }
              expect(cache.lookup(id(o.n), ctx12).status).toBe(expected);
            } else if (o.op === 'remove') {
              const existed = model.some(([k]) => k === o.n);
              model = model.filter(([k]) => k !== o.n);
              counters.removedCalls++;
              expect(cache.remove(tls12({ sessionId: id(o.n) }))).toBe(existed);
            } else if (o.op === 'advance') {
              now += o.ms;
              clock.advance(o.ms);
            } else {
              const before = model.length;
              model = model.filter(([, exp]) => now <= exp);
              counters.removedCalls += before - model.length;
              expect(cache.flush()).toBe(before - model.length);
            }
            expect(ids(cache.sessions())).toEqual(model.map(([k]) => k));
          }
          const s = cache.stats();
          expect([
            s.sess_hits,
            s.sess_misses,
            s.sess_timeouts,
            s.sess_cache_full,
            s.sess_number,
          ]).toEqual([
            counters.hits,
            counters.misses,
            counters.timeouts,
            counters.full,
            model.length,
          ]);
          expect(removed.length).toBe(counters.removedCalls);
        },
      ),
      { numRuns: 300 },
    );
  });
});
