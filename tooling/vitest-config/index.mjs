// One vitest configuration for every Strata package.
//
// Workspace packages are resolved through the "@strata/source" export
// condition, so a package's tests run against its dependencies' TypeScript
// sources: no build step between editing wire and testing record.
import { defineConfig } from 'vitest/config';

const SOURCE_CONDITION = '@strata/source';

/** @param {{ testTimeout?: number, include?: string[] }} [options] */
export function strataVitestConfig(options = {}) {
  return defineConfig({
    resolve: {
      conditions: [SOURCE_CONDITION, 'module', 'node', 'import', 'default'],
    },
    ssr: {
      resolve: {
        conditions: [SOURCE_CONDITION, 'node', 'import', 'default'],
        externalConditions: [SOURCE_CONDITION],
      },
    },
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      passWithNoTests: false,
      reporters: process.env.CI ? ['default'] : ['default'],
    },
  });
}
