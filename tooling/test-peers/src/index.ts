export {
  type AppProcess,
  makePki,
  startApp,
  startServer,
  type TestPki,
} from './apps.js';
export {
  type CPrograms,
  type CProgramsOptions,
  cPrograms,
  type Observations,
  parseObservations,
} from './c-programs.js';
export { pcap, recordingProxy, type Segment } from './capture.js';
export {
  hasOpenssl,
  type OpensslProcess,
  opensslVersion,
  startOpenssl,
  startOpensslClient,
  startOpensslServer,
} from './openssl.js';
export { hasTshark, type TsharkFieldsOptions, tsharkFields } from './tshark.js';
