import { strataVitestConfig } from '@strata/vitest-config';

export default strataVitestConfig();
