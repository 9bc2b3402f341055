/** One-line summaries of handshake messages, for people reading a trace. */
import {
  CipherSuiteCode,
  ExtensionType,
  extensionCode,
  type HandshakeMessage,
  hostNameOf,
  NamedGroup,
  type ServerName,
  SignatureSchemeCode,
} from '@strata/handshake';

const protocolName = (p: unknown): string =>
  p instanceof Uint8Array ? new TextDecoder().decode(p) : String(p);

type AnyExtension = { readonly kind: string; readonly value?: unknown };

function extensionNames(extensions: readonly AnyExtension[]): string {
  return extensions
    .map((e) => ExtensionType.name(extensionCode(e as Parameters<typeof extensionCode>[0])))
    .join(', ');
}

function find(extensions: readonly AnyExtension[], kind: string): unknown {
  return extensions.find((e) => e.kind === kind)?.value;
}

/** What matters in a message, in a few words: `TLS_AES_128_GCM_SHA256, key_share x25519`. */
export function describeMessage(message: HandshakeMessage): string {
  switch (message.kind) {
    case 'client_hello': {
      const parts = [`${message.cipherSuites.length} suites`];
      const sni = find(message.extensions, 'server_name') as readonly ServerName[] | undefined;
      const host = sni ? hostNameOf(sni) : undefined;
      if (host !== undefined) parts.push(`SNI ${host}`);
      const shares = find(message.extensions, 'key_share') as
        | readonly { readonly group: number }[]
        | undefined;
      if (shares) parts.push(`key_share ${shares.map((s) => NamedGroup.name(s.group)).join(' ')}`);
      const alpn = find(message.extensions, 'application_layer_protocol_negotiation');
      if (Array.isArray(alpn)) parts.push(`ALPN ${alpn.map(protocolName).join(',')}`);
      parts.push(`${message.extensions.length} extensions`);
      return parts.join('; ');
    }
    case 'server_hello': {
      const share = find(message.extensions, 'key_share') as { readonly group: number } | undefined;
      const parts = [CipherSuiteCode.name(message.cipherSuite)];
      if (share) parts.push(`key_share ${NamedGroup.name(share.group)}`);
      parts.push(`extensions: ${extensionNames(message.extensions)}`);
      return parts.join('; ');
    }
    case 'hello_retry_request': {
      const group = find(message.extensions, 'key_share');
      return `${CipherSuiteCode.name(message.cipherSuite)}; asks for ${typeof group === 'number' ? NamedGroup.name(group) : 'a new ClientHello'}`;
    }
    case 'encrypted_extensions':
      return message.extensions.length === 0
        ? 'no extensions'
        : `extensions: ${extensionNames(message.extensions)}`;
    case 'certificate_request':
      return `extensions: ${extensionNames(message.extensions)}`;
    case 'certificate': {
      const n = message.certificateList.length;
      const sizes = message.certificateList.map((c) => c.certData.length).join(' + ');
      return n === 0
        ? 'empty (no certificate)'
        : `${n} certificate${n > 1 ? 's' : ''} (${sizes} bytes DER)`;
    }
    case 'certificate_verify':
      return `${SignatureSchemeCode.name(message.algorithm)}, ${message.signature.length}-byte signature`;
    case 'finished':
      return `${message.verifyData.length}-byte verify_data`;
    case 'new_session_ticket':
      return `lifetime ${message.ticketLifetime} s, ${message.ticket.length}-byte ticket`;
    case 'key_update':
      return message.requestUpdate === 1 ? 'update_requested' : 'update_not_requested';
    default:
      return '';
  }
}
