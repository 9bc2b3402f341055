export {
  AlertDescription,
  AlertLevel,
  type AlertLevelName,
  type AlertName,
  alertName,
  describeAlert,
} from './alert.js';
export { concatBytes, equalBytes, fromHex, toHex, utf8 } from './bytes.js';
export { type OpenEnum, openEnum } from './open-enum.js';
export { Reader } from './reader.js';
export { isTlsError, TlsError, toTlsError } from './tls-error.js';
export { prefixLimit, type VectorSpec, vector } from './vector.js';
export { encode, Writer } from './writer.js';
