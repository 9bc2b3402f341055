export * from './context.js';
export { Exit, exitCheck, exitOnError, printErrorQueue } from './exit.js';
export {
  alpnWire,
  type FlagSpec,
  Flags,
  parseFlags,
  UsageError,
  usage,
} from './flags.js';
export { issuerName, opensslName, subjectName, verifyReturnCode } from './names.js';
