import type { UserConfig } from 'vitest/config';

export interface StrataVitestOptions {
  /** Per-test timeout in milliseconds (default 20 s). */
  testTimeout?: number;
  /** Test file globs (default: `src/**\/*.test.ts`, `test/**\/*.test.ts`). */
  include?: string[];
}

export function strataVitestConfig(options?: StrataVitestOptions): UserConfig;
