import { strataVitestConfig } from '@strata/vitest-config';

// The apps run as processes (tsx compiles on start): generous time limits.
export default strataVitestConfig({ testTimeout: 90_000 });
