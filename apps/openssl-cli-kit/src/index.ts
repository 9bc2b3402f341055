export { type Check, setAlgorithmLists, setKeylogFile } from './context.js';
export { Exit, exitOnError } from './exit.js';
export {
  alpnWire,
  type FlagSpec,
  Flags,
  opensslName,
  parseFlags,
  UsageError,
  usage,
} from './flags.js';
