import { concatBytes, utf8 } from '@strata/wire';

const PAD = /* @__PURE__ */ new Uint8Array(64).fill(0x20);
const SERVER_CONTEXT = /* @__PURE__ */ utf8('TLS 1.3, server CertificateVerify');
const CLIENT_CONTEXT = /* @__PURE__ */ utf8('TLS 1.3, client CertificateVerify');

/**
 * The bytes a CertificateVerify signature covers (RFC 8446 §4.4.3): 64 spaces,
 * the context string of the signer's role, a zero byte, and the transcript
 * hash up to (not including) the CertificateVerify. The role is part of the
 * input so a server signature can never be replayed as a client's.
 */
export function certificateVerifyContent(
  signer: 'server' | 'client',
  transcriptHash: Uint8Array,
): Uint8Array {
  const context = signer === 'server' ? SERVER_CONTEXT : CLIENT_CONTEXT;
  return concatBytes(PAD, context, new Uint8Array(1), transcriptHash);
}
