import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0, tls12, tls13 } from '../test/helpers.js';
import { ClientSessionCache, manualClock, type Session } from './index.js';

const server = { host: 'example.com', port: 443 };

/** A client-side TLS 1.3 session holding ticket [n]. */
function ticket(n: number, overrides: Parameters<typeof tls13>[0] = {}) {
  return tls13({ ticket: new Uint8Array([n]), ...overrides });
}

function tag(s: Session | undefined): number | undefined {
  return s?.ticket?.[0] ?? (s === undefined ? undefined : -1);
}

function setup(options: { ticketsPerServer?: number; servers?: number } = {}) {
  const clock = manualClock(T0);
  return { clock, cache: new ClientSessionCache({ clock: clock.now, ...options }) };
}

describe('ClientSessionCache', () => {
  it('offers the newest ticket and drops it once taken (single use, RFC 8446 C.4)', () => {
    const { cache } = setup();
    cache.add(server, ticket(1));
    cache.add(server, ticket(2));
    cache.add(server, ticket(3));
    expect(cache.size).toBe(3);
    expect(tag(cache.take(server))).toBe(3);
    expect(tag(cache.take(server))).toBe(2);
    expect(tag(cache.take(server))).toBe(1);
    expect(cache.take(server)).toBeUndefined();
    expect(cache.serverCount).toBe(0);
  });

  it('keys by host (case-insensitive) and port', () => {
    const { cache } = setup();
    cache.add(server, ticket(1));
    expect(cache.take({ host: 'example.com', port: 8443 })).toBeUndefined();
    expect(cache.take({ host: 'other.example', port: 443 })).toBeUndefined();
    expect(tag(cache.take({ host: 'EXAMPLE.com', port: 443 }))).toBe(1);
  });

  it('skips tickets past their lifetime, their session timeout or 7 days', () => {
    const { cache, clock } = setup();
    cache.add(server, ticket(1, { ticketLifetimeSeconds: 604_800, timeoutSeconds: 1_000_000 }));
    cache.add(server, ticket(2, { ticketLifetimeSeconds: 100, timeoutSeconds: 1_000_000 }));
    cache.add(server, ticket(3, { ticketLifetimeSeconds: 604_800, timeoutSeconds: 50 }));
    clock.advance(60_000);
    // 3 is past its timeout; 2 and 1 are fine: the newest valid is 2.
    expect(cache.peek(server).map(tag)).toEqual([2, 1]);
    clock.advance(40_000); // 100 s: ticket 2's lifetime is over (age must stay below it)
    expect(tag(cache.take(server))).toBe(1);
    cache.add(
      server,
      ticket(4, {
        createdAtMs: T0 + 100_000,
        ticketLifetimeSeconds: 604_800,
        timeoutSeconds: 1_000_000,
      }),
    );
    clock.set(T0 + 100_000 + 604_800_000);
    expect(cache.take(server)).toBeUndefined();
  });

  it('keeps at most ticketsPerServer tickets, dropping the oldest', () => {
    const { cache } = setup({ ticketsPerServer: 2 });
    for (const n of [1, 2, 3]) cache.add(server, ticket(n));
    expect(cache.peek(server).map(tag)).toEqual([3, 2]);
  });

  it('forgets the least recently used server beyond the server bound', () => {
    const { cache } = setup({ servers: 2, ticketsPerServer: 2 });
    const a = { host: 'a.example', port: 443 };
    const b = { host: 'b.example', port: 443 };
    const c = { host: 'c.example', port: 443 };
    cache.add(a, ticket(1));
    cache.add(a, ticket(2));
    cache.add(b, ticket(3));
    expect(tag(cache.take(a))).toBe(2); // a is now most recently used
    cache.add(c, ticket(4));
    expect(cache.serverCount).toBe(2);
    expect(cache.take(b)).toBeUndefined();
    expect(tag(cache.take(a))).toBe(1);
    expect(tag(cache.take(c))).toBe(4);
  });

  it('ignores sessions that cannot be resumed', () => {
    const { cache } = setup();
    cache.add(server, tls13()); // no ticket
    cache.add(server, ticket(1, { resumable: false }));
    expect(cache.size).toBe(0);
  });

  it('keeps one TLS 1.2 session, reusable, offered after TLS 1.3 tickets run out', () => {
    const { cache, clock } = setup();
    cache.add(server, tls12({ timeoutSeconds: 100 }));
    cache.add(server, ticket(7));
    expect(tag(cache.take(server))).toBe(7);
    expect(cache.take(server)?.version).toBe(0x0303);
    expect(cache.take(server)?.version).toBe(0x0303);
    clock.advance(100_001);
    expect(cache.take(server)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('remove and clear forget sessions', () => {
    const { cache } = setup();
    cache.add(server, ticket(1));
    cache.add({ host: 'b', port: 1 }, ticket(2));
    expect(cache.remove(server)).toBe(true);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => cache.add({ host: '', port: 1 }, ticket(1))).toThrow(TypeError);
    expect(() => cache.add({ host: 'x', port: 70000 }, ticket(1))).toThrow(RangeError);
  });
});

describe('ClientSessionCache properties', () => {
  it('never hands out a TLS 1.3 ticket twice and always the newest usable one', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ add: fc.integer({ min: 1, max: 120 }) }), // lifetime in s
            fc.record({ take: fc.constant(true) }),
            fc.record({ wait: fc.integer({ min: 0, max: 60_000 }) }),
          ),
          { maxLength: 40 },
        ),
        (steps) => {
          const { cache, clock } = setup({ ticketsPerServer: 4 });
          let next = 1;
          const seen = new Set<number>();
          // Model: [tag, createdAt, lifetimeMs], oldest first.
          let model: Array<[number, number, number]> = [];
          for (const step of steps) {
            const now = clock.now();
            if ('add' in step) {
              const n = next++;
              cache.add(
                server,
                ticket(n, {
                  createdAtMs: now,
                  ticketLifetimeSeconds: step.add,
                  timeoutSeconds: step.add,
                }),
              );
              model.push([n, now, step.add * 1000]);
              if (model.length > 4) model.shift();
            } else if ('take' in step) {
              model = model.filter(([, at, life]) => now - at < life);
              const expected = model.pop();
              const got = tag(cache.take(server));
              expect(got).toBe(expected?.[0]);
              if (got !== undefined) {
                expect(seen.has(got)).toBe(false);
                seen.add(got);
              }
            } else {
              clock.advance(step.wait);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
