import type { UserConfig } from 'vitest/config';

export interface StrataVitestOptions {
  /** Per-test timeout in milliseconds (default 60 s: bounded, generous for a loaded 2-core machine). */
  testTimeout?: number;
  /** Test file globs (default: `src/**\/*.test.ts`, `test/**\/*.test.ts`). */
  include?: string[];
}

export function strataVitestConfig(options?: StrataVitestOptions): UserConfig;
