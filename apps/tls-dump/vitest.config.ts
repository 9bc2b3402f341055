import { strataVitestConfig } from '@strata/vitest-config';

// tls-dump runs as a process (tsx compiles on start): generous time limits.
export default strataVitestConfig({ testTimeout: 60_000 });
