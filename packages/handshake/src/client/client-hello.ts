import type { KeyExchange } from '@strata/crypto';
import type { ResolvedClient } from '../config.js';
import { isIpLiteral } from '../engine/peer-certificates.js';
import type { ClientHello } from '../msgs/client-hello.js';
import { ProtocolVersion, PskKeyExchangeMode } from '../msgs/codes.js';
import type { ClientHelloExtension } from '../msgs/extensions/contexts.js';
import type { KeyShareEntry } from '../msgs/extensions/key-share.js';
import { paddingLengthFor } from '../msgs/extensions/padding.js';
import { hostNameList } from '../msgs/extensions/server-name.js';
import type { GreaseSelection } from '../msgs/grease.js';
import { encodeHandshakeMessage } from '../msgs/handshake-message.js';

/** What stays the same between the first and the second ClientHello. */
export interface ClientHelloPlan {
  readonly random: Uint8Array;
  readonly legacySessionId: Uint8Array;
  readonly grease: GreaseSelection | undefined;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * The ClientHello of RFC 8446 §4.1.2, extensions in a fixed order:
 * server_name, ALPN, supported_groups, key_share, supported_versions,
 * signature_algorithms, cookie, psk_key_exchange_modes, record_size_limit
 * (GREASE extensions first and last when enabled), padding when asked for.
 */
export function buildClientHello(
  config: ResolvedClient,
  plan: ClientHelloPlan,
  shares: ReadonlyMap<number, KeyExchange>,
  cookie: Uint8Array | undefined,
  psk?: Extract<ClientHelloExtension, { kind: 'pre_shared_key' }>,
): ClientHello {
  const g = plan.grease;
  const ext: ClientHelloExtension[] = [];
  if (g) ext.push({ kind: 'opaque', type: g.extension1, data: new Uint8Array(0) });
  if (config.serverName !== undefined && !isIpLiteral(config.serverName)) {
    ext.push({ kind: 'server_name', value: hostNameList(config.serverName) });
  }
  if (config.alpn.length > 0) {
    const names = config.alpn.map((p) => encoder.encode(p));
    ext.push({
      kind: 'application_layer_protocol_negotiation',
      value: g ? [g.alpn, ...names] : names,
    });
  }
  const groups = config.groups.map((x) => x.code);
  ext.push({ kind: 'supported_groups', value: g ? [g.group, ...groups] : groups });
  const keyShares: KeyShareEntry[] = [...shares].map(([group, kx]) => ({
    group,
    keyExchange: kx.publicKey,
  }));
  ext.push({
    kind: 'key_share',
    value: g ? [{ group: g.group, keyExchange: new Uint8Array(1) }, ...keyShares] : keyShares,
  });
  ext.push({
    kind: 'supported_versions',
    value: g ? [g.version, ProtocolVersion.tls1_3] : [ProtocolVersion.tls1_3],
  });
  const schemes = config.schemes.map((s) => s.code);
  ext.push({
    kind: 'signature_algorithms',
    value: g ? [g.signatureScheme, ...schemes] : schemes,
  });
  if (cookie) ext.push({ kind: 'cookie', value: cookie });
  const modes = config.pskModes.map((m) => PskKeyExchangeMode[m]);
  ext.push({
    kind: 'psk_key_exchange_modes',
    value: g ? [g.pskMode, ...modes] : modes,
  });
  if (config.recordSizeLimit !== undefined) {
    ext.push({ kind: 'record_size_limit', value: config.recordSizeLimit });
  }
  if (g) ext.push({ kind: 'opaque', type: g.extension2, data: new Uint8Array(1) });
  const suites = config.suites.map((s) => s.code);
  const ch: ClientHello = {
    kind: 'client_hello',
    legacyVersion: ProtocolVersion.tls1_2,
    random: plan.random,
    legacySessionId: plan.legacySessionId,
    cipherSuites: g ? [g.cipherSuite, ...suites] : suites,
    legacyCompressionMethods: new Uint8Array([0]),
    extensions: ext,
  };
  const hooked = config.hooks.clientHello ? config.hooks.clientHello(ch) : ch;
  const padded = config.padding ? withPadding(hooked, psk) : hooked;
  // pre_shared_key is always the last extension (RFC 8446 §4.2.11).
  return psk ? { ...padded, extensions: [...padded.extensions, psk] } : padded;
}

/**
 * RFC 7685: a ClientHello of 256..511 bytes gets a padding extension that
 * brings it to 512 (the sizes some middleboxes mishandle), as BoringSSL and
 * NSS do. It goes last (before pre_shared_key, once PSKs exist).
 */
function withPadding(ch: ClientHello, psk: ClientHelloExtension | undefined): ClientHello {
  const full = psk ? { ...ch, extensions: [...ch.extensions, psk] } : ch;
  const length = paddingLengthFor(encodeHandshakeMessage(full).length);
  if (length === undefined) return ch;
  return {
    ...ch,
    extensions: [...ch.extensions, { kind: 'padding', value: new Uint8Array(length) }],
  };
}
