/**
 * The differential test: every scenario of scenarios.c runs against the
 * system libssl (OpenSSL 3.0) and, call for call, against @strata/openssl
 * (scenarios.ts); the traces (return value, SSL_get_error, error queue,
 * SSL_get_shutdown bits, SSL_pending of every call) must be equal.
 *
 * Needs gcc and libssl-dev; without them the suite is skipped and says why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario, SCENARIOS } from './scenarios.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');

function buildHarness(): string | undefined {
  if (spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  if (!existsSync('/usr/include/openssl/ssl.h')) return undefined;
  const out = join(mkdtempSync(join(tmpdir(), 'strata-openssl-diff-')), 'scenarios');
  const r = spawnSync('gcc', ['-O1', '-o', out, join(here, 'scenarios.c'), '-lssl', '-lcrypto'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`gcc failed:\n${r.stderr}`);
  return out;
}

const harness = buildHarness();
const skipReason = harness ? '' : ' (skipped: gcc or libssl-dev (OpenSSL 3.0 headers) is missing)';

function libsslTrace(name: string): string[] {
  const text = execFileSync(harness!, [fixtures, name], { encoding: 'utf8' });
  return text.split('\n').filter((l) => l.length > 0);
}

/**
 * Scenarios over 256-byte BIO pairs: with the same certificate and key,
 * Strata's first server flight is shorter than OpenSSL's (758 against 825
 * bytes, measured with these fixtures: the extensions each side sends and
 * how the flight is cut into records differ), so it fills the 256-byte pair
 * one time less and the handshake loop shows one `C WANT_READ` /
 * `S WANT_WRITE` round less. Flight sizes are not part of the contract: for
 * these scenarios handshake rounds that only repeat the round before are
 * folded; every other line, including the whole data phase, must match.
 */
const FLIGHT_SIZE_DEPENDENT = new Set([
  'handshake-256',
  'bulk-100k',
  'bulk-100k-partial',
  'write-retry-shorter',
  'write-retry-longer',
  'write-retry-moved',
  'write-retry-moving-mode',
  'shutdown-want-write',
]);

/** Folds repeated `C do_handshake`/`S do_handshake` round pairs into one. */
function foldHandshakeRounds(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i]!;
    const b = lines[i + 1];
    const isRound = a.startsWith('C do_handshake') && b?.startsWith('S do_handshake');
    if (isRound && out.length >= 2 && out[out.length - 2] === a && out[out.length - 1] === b) {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * Scenarios whose libssl trace Strata cannot produce, each with the reason
 * (the C side still runs, so the expected behaviour stays recorded). None
 * at the moment.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {};

describe(`differential: @strata/openssl vs libssl over BIO pairs${skipReason}`, () => {
  it('runs the same list of scenarios on both sides', () => {
    if (!harness) return;
    const list = execFileSync(harness, [fixtures, 'list'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.length > 0);
    expect(Object.keys(SCENARIOS)).toEqual(list);
  });

  it('folds only repeated handshake rounds', () => {
    const round = ['C do_handshake ret=-1 err=WANT_READ', 'S do_handshake ret=-1 err=WANT_WRITE'];
    expect(foldHandshakeRounds([...round, ...round, ...round, 'C do_handshake ret=1'])).toEqual([
      ...round,
      'C do_handshake ret=1',
    ]);
    expect(foldHandshakeRounds(['C write ret=-1', 'C write ret=-1'])).toEqual([
      'C write ret=-1',
      'C write ret=-1',
    ]);
  });

  for (const name of Object.keys(SCENARIOS)) {
    const known = KNOWN_DIFFERENCES[name];
    if (known !== undefined) {
      it.skip(`${name} (skipped: ${known})`, () => {});
      continue;
    }
    it.skipIf(!harness)(name, () => {
      const expected = libsslTrace(name);
      const actual = runScenario(name, fixtures);
      // A trace that says nothing proves nothing.
      expect(expected.length).toBeGreaterThan(1);
      if (FLIGHT_SIZE_DEPENDENT.has(name)) {
        expect(foldHandshakeRounds(actual)).toEqual(foldHandshakeRounds(expected));
      } else {
        expect(actual).toEqual(expected);
      }
    });
  }
});
