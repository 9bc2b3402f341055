import { TlsError } from '@strata/wire';
import { ExtensionType } from '../msgs/codes.js';
import { extensionCode } from '../msgs/extensions/block.js';
import type { Ext, OpaqueExtension } from '../msgs/extensions/codec.js';

type AnyExtension = Ext<string, unknown> | OpaqueExtension;

/**
 * RFC 8446 §4.2: an extension in a response (ServerHello, HelloRetryRequest,
 * EncryptedExtensions, a CertificateEntry) that the ClientHello did not carry
 * is `unsupported_extension`; HelloRetryRequest may carry a cookie unasked.
 */
export function checkSolicited(
  response: readonly AnyExtension[],
  request: readonly AnyExtension[],
  where: string,
  exempt: readonly number[] = [],
): void {
  const sent = new Set(request.map(extensionCode));
  for (const ext of response) {
    const code = extensionCode(ext);
    if (!sent.has(code) && !exempt.includes(code)) {
      throw new TlsError(
        'unsupported_extension',
        'HANDSHAKE_UNSOLICITED_EXTENSION',
        `tls: ${where} carries ${ExtensionType.name(code)}, which the ClientHello did not offer`,
      );
    }
  }
}
