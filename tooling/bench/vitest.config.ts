import { strataVitestConfig } from '@strata/vitest-config';

export default strataVitestConfig({ testTimeout: 60_000 });
