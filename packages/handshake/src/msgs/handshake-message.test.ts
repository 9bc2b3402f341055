import { fromHex, isTlsError, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  type ClientHello,
  clientHelloBindersLength,
  truncatedClientHello,
  withPskBinders,
} from './client-hello.js';
import { HandshakeType } from './codes.js';
import { extensionValue } from './extensions/block.js';
import {
  checkHandshakeMessageSize,
  DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE,
  DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE,
  decodeHandshakeMessage,
  encodeDecoded,
  encodeHandshakeMessage,
  encodeMessageHash,
  handshakeTypeOf,
  MAX_CLIENT_HELLO_SIZE,
  maxHandshakeMessageSize,
  readHandshakeHeader,
} from './handshake-message.js';

function alertOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isTlsError(error)) return error.alert;
    throw error;
  }
  return 'none';
}

const pskClientHello: ClientHello = {
  kind: 'client_hello',
  legacyVersion: 0x0303,
  random: new Uint8Array(32).fill(1),
  legacySessionId: new Uint8Array(32).fill(2),
  cipherSuites: [0x1301],
  legacyCompressionMethods: new Uint8Array([0]),
  extensions: [
    { kind: 'supported_versions', value: [0x0304] },
    { kind: 'psk_key_exchange_modes', value: [1] },
    {
      kind: 'pre_shared_key',
      value: {
        identities: [
          { identity: fromHex('aabbcc'), obfuscatedTicketAge: 7 },
          { identity: fromHex('dd'), obfuscatedTicketAge: 8 },
        ],
        binders: [new Uint8Array(32), new Uint8Array(48)],
      },
    },
  ],
};

describe('handshake header and size limits', () => {
  it('reads the 4-byte header, or nothing when fewer bytes are there', () => {
    expect(readHandshakeHeader(fromHex('0b0001'))).toBeUndefined();
    expect(readHandshakeHeader(fromHex('ff 0b 012345 00'), 1)).toEqual({
      type: 11,
      length: 0x012345,
    });
  });

  it('exports 64 KiB, 100 KiB (OpenSSL max_cert_list) and 131396-byte ClientHello (OpenSSL CLIENT_HELLO_MAX_LENGTH) defaults', () => {
    expect(DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE).toBe(65536);
    expect(DEFAULT_MAX_CERTIFICATE_MESSAGE_SIZE).toBe(102400);
    expect(MAX_CLIENT_HELLO_SIZE).toBe(2 + 32 + 1 + 32 + 2 + 65534 + 1 + 255 + 2 + 65535);
    expect(maxHandshakeMessageSize(HandshakeType.client_hello)).toBe(131396);
    expect(maxHandshakeMessageSize(HandshakeType.client_hello, { maxClientHelloSize: 100 })).toBe(
      100,
    );
    expect(maxHandshakeMessageSize(HandshakeType.server_hello)).toBe(65536);
    expect(maxHandshakeMessageSize(HandshakeType.certificate)).toBe(102400);
    expect(maxHandshakeMessageSize(HandshakeType.finished, { maxMessageSize: 100 })).toBe(100);
  });

  it('refuses a message over its limit from the header alone, with decode_error', () => {
    const over = fromHex('02010001'); // ServerHello of 65537 bytes
    expect(alertOf(() => readHandshakeHeader(over, 0, {}))).toBe('decode_error');
    expect(readHandshakeHeader(over)).toEqual({ type: 2, length: 65537 });
    // A ClientHello of that size is legal (a 64 KiB signature_algorithms list); 131397 bytes is not.
    expect(readHandshakeHeader(fromHex('01010001'), 0, {})).toEqual({ type: 1, length: 65537 });
    expect(alertOf(() => readHandshakeHeader(fromHex('01020145'), 0, {}))).toBe('decode_error');
    // A Certificate of the same size is under its own limit; 100 KiB + 1 is not.
    expect(readHandshakeHeader(fromHex('0b010001'), 0, {})).toEqual({ type: 11, length: 65537 });
    expect(alertOf(() => checkHandshakeMessageSize(11, 102401))).toBe('decode_error');
    expect(alertOf(() => checkHandshakeMessageSize(11, 5000, { maxCertificateSize: 4096 }))).toBe(
      'decode_error',
    );
    expect(alertOf(() => decodeHandshakeMessage(fromHex('14000020'), { maxMessageSize: 16 }))).toBe(
      'decode_error',
    );
  });

  it('writes the wire type of each kind, server_hello for a HelloRetryRequest', () => {
    expect(handshakeTypeOf(pskClientHello)).toBe(1);
    expect(
      handshakeTypeOf({
        kind: 'hello_retry_request',
        legacyVersion: 0x0303,
        legacySessionIdEcho: new Uint8Array(0),
        cipherSuite: 0x1301,
        legacyCompressionMethod: 0,
        extensions: [{ kind: 'supported_versions', value: 0x0304 }],
      }),
    ).toBe(2);
    expect(handshakeTypeOf({ kind: 'end_of_early_data' })).toBe(5);
    expect(toHex(encodeHandshakeMessage({ kind: 'key_update', requestUpdate: 1 }))).toBe(
      '1800000101',
    );
  });

  it('builds the message_hash stand-in of §4.4.1', () => {
    const hash = new Uint8Array(48).fill(0xab);
    expect(toHex(encodeMessageHash(hash))).toBe(`fe000030${'ab'.repeat(48)}`);
    expect(() => encodeMessageHash(new Uint8Array(20))).toThrow(RangeError);
  });

  it('treats a caller random of the wrong size as a caller error', () => {
    expect(() => encodeHandshakeMessage({ ...pskClientHello, random: new Uint8Array(31) })).toThrow(
      RangeError,
    );
  });
});

describe('PSK binders over the truncated ClientHello (§4.2.11.2)', () => {
  it('can_round_trip_psk_offer and cut the binders off its end', () => {
    const { parsed, encoded } = encodeDecoded(pskClientHello);
    expect(clientHelloBindersLength(parsed)).toBe(2 + 33 + 49);
    const truncated = truncatedClientHello(parsed, encoded);
    expect(truncated.length).toBe(encoded.length - 84);
    // The truncated bytes end with the last identity's obfuscated_ticket_age.
    expect(toHex(truncated.subarray(-4))).toBe('00000008');
    expect(decodeHandshakeMessage(encoded).parsed).toEqual(pskClientHello);
  });

  it('patches real binders over placeholders without touching the truncated part', () => {
    const { encoded } = encodeDecoded(pskClientHello);
    const binders = [new Uint8Array(32).fill(0x11), new Uint8Array(48).fill(0x22)];
    const patched = withPskBinders(pskClientHello, encoded, binders);
    expect(toHex(truncatedClientHello(patched.parsed, patched.encoded))).toBe(
      toHex(truncatedClientHello(pskClientHello, encoded)),
    );
    const decoded = decodeHandshakeMessage(patched.encoded).parsed as ClientHello;
    expect(extensionValue(decoded.extensions, 'pre_shared_key')?.binders).toEqual(binders);
    expect(decoded).toEqual(patched.parsed);
    expect(() => withPskBinders(pskClientHello, encoded, [new Uint8Array(32)])).toThrow(RangeError);
  });

  it('has no binders to cut from a ClientHello without a PSK', () => {
    const plain = { ...pskClientHello, extensions: pskClientHello.extensions.slice(0, 2) };
    expect(clientHelloBindersLength(plain)).toBeUndefined();
    expect(() => truncatedClientHello(plain, encodeHandshakeMessage(plain))).toThrow(TypeError);
  });
});
