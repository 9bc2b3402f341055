import { type ExtensionCodec, emptyCodec } from './codec.js';

/**
 * RFC 7627 §5.1, parsed for TLS 1.2 (ClientHello, TLS 1.2 ServerHello): its
 * `extension_data` is empty.
 *
 *   (extension_data is empty)
 */
export const extendedMasterSecretCodec: ExtensionCodec<null> = emptyCodec;
