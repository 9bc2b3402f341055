export {
  type Alert,
  type AlertKind,
  alertLevelFor,
  classifyAlert,
  decodeAlert,
  encodeAlert,
  type ReceivedAlert,
} from './alert.js';
export { ByteQueue } from './byte-queue.js';
export {
  ContentType,
  RECORD_HEADER_LENGTH,
  RecordVersion,
  type TlsRecord,
  type TlsVersion,
} from './content-type.js';
export { Deframer } from './deframer.js';
export { HandshakeJoiner, type HandshakeMessage, type MaxMessageSize } from './handshake-joiner.js';
export {
  DEFAULT_MAX_EMPTY_RECORDS,
  DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE,
  DEFAULT_MAX_WARNING_ALERTS,
  DEFAULT_RECEIVED_PLAINTEXT_LIMIT,
  DEFAULT_SENDABLE_PLAINTEXT_LIMIT,
  MAX_CIPHERTEXT_LENGTH_TLS12,
  MAX_CIPHERTEXT_LENGTH_TLS13,
  MAX_INNER_PLAINTEXT_LENGTH,
  MAX_PLAINTEXT_LENGTH,
  MIN_RECORD_SIZE_LIMIT,
} from './limits.js';
export {
  deriveTrafficKeys,
  type RecordProtectionKeys,
  tls12Keys,
  tls13Keys,
} from './protection.js';
export { type ReadEvent, RecordReader, type RecordReaderOptions } from './reader.js';
export {
  AEAD_CONFIDENTIALITY_LIMITS,
  MAX_SEQUENCE_NUMBER,
  SEQUENCE_SOFT_LIMIT,
  type SequenceAction,
} from './sequence.js';
export { type PaddingPolicy, RecordWriter, type RecordWriterOptions } from './writer.js';
