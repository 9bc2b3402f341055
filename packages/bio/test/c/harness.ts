// Runs the ground-truth C programs of this folder (see README.md) and records
// the TypeScript side of the same steps.
import { cPrograms, type Observations } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import {
  type BIO,
  BIO_should_read,
  BIO_should_retry,
  BIO_should_write,
  strata_BIO_set_error_handler,
} from '../../src/index.js';

export type { Observations };

/** `recorded(name)`: the output recorded from OpenSSL 3.0.19 (`<name>.expected`); `runC(name)`: a fresh run against the system libcrypto. */
export const { recorded, cannotCompile, runC } = cPrograms({
  dir: new URL('.', import.meta.url),
  header: 'openssl/bio.h',
  libs: ['crypto'],
});

/**
 * Records observations like the C programs' `P(key, value)`, `flags(key, bio)`
 * and `P_EX(key, call, n)` (common.h), and the error queue's last reason.
 */
export class Recorder {
  readonly lines: Observations = [];
  lastReason = 0;
  private readonly previous = strata_BIO_set_error_handler((_lib, reason) => {
    this.lastReason = reason;
  });
  p(key: string, value: number | boolean): void {
    this.lines.push([key, typeof value === 'boolean' ? (value ? 1 : 0) : value]);
  }
  /** `<key>.retry`, `<key>.read`, `<key>.write`: the BIO's retry flags. */
  flags(key: string, bio: BIO): void {
    this.p(`${key}.retry`, BIO_should_retry(bio) !== 0);
    this.p(`${key}.read`, BIO_should_read(bio) !== 0);
    this.p(`${key}.write`, BIO_should_write(bio) !== 0);
  }
  /** A `BIO_read_ex`/`BIO_write_ex` result: `<key>` its return value, `<key>.n` its byte count. */
  pEx(key: string, [ok, n]: readonly [number, number]): void {
    this.p(key, ok);
    this.p(`${key}.n`, n);
  }
  clearError(): void {
    this.lastReason = 0;
  }
  done(): Observations {
    strata_BIO_set_error_handler(this.previous);
    return this.lines;
  }
}

/**
 * The two tests of a ground-truth scenario: it matches `<name>.expected`
 * always, and a fresh run of `<name>.c` where it can be compiled.
 */
export function describeGroundTruth(
  title: string,
  name: string,
  scenario: () => Observations,
): void {
  describe(title, () => {
    it('matches the output recorded from OpenSSL 3.0.19', () => {
      expect(scenario()).toEqual(recorded(name));
    });

    const reason = cannotCompile();
    it.skipIf(reason !== undefined)(
      `matches a fresh run of ${name}.c against the system libcrypto${reason ? ` (skipped: ${reason})` : ''}`,
      () => {
        expect(scenario()).toEqual(runC(name));
      },
    );
  });
}
