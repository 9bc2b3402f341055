import { encode, fromHex, isTlsError, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ALLOWED_EXTENSIONS, isExtensionAllowed } from './allowed-extensions.js';
import type { ClientHello } from './client-hello.js';
import { ExtensionType, HandshakeType } from './codes.js';
import { extensionValue } from './extensions/block.js';
import {
  decodeHandshakeBody,
  decodeHandshakeMessage,
  encodeHandshakeMessage,
  type HandshakeMessage,
} from './handshake-message.js';
import { HELLO_RETRY_REQUEST_RANDOM } from './random.js';

/** A raw extension: `type ‖ u16 length ‖ data`. */
function ext(type: number, dataHex = ''): Uint8Array {
  const data = fromHex(dataHex);
  return encode((w) => w.u16(type).u16(data.length).bytes(data));
}

const supportedVersions13 = ext(ExtensionType.supported_versions, '020304');
const selectedVersion13 = ext(ExtensionType.supported_versions, '0304');

function block(exts: Uint8Array[]): Uint8Array {
  return encode((w) => {
    w.u16Prefixed((w) => {
      for (const e of exts) w.bytes(e);
    });
  });
}

function clientHelloBody(
  exts: Uint8Array[] | undefined,
  opts: { sessionId?: string; suites?: string; compression?: string } = {},
) {
  return encode((w) => {
    w.u16(0x0303).bytes(new Uint8Array(32).fill(7));
    w.bytes(fromHex(opts.sessionId ?? '00'));
    w.bytes(fromHex(opts.suites ?? '00021301'));
    w.bytes(fromHex(opts.compression ?? '0100'));
    if (exts) w.bytes(block(exts));
  });
}

function serverHelloBody(exts: Uint8Array[], random: Uint8Array = new Uint8Array(32).fill(9)) {
  return encode((w) => {
    w.u16(0x0303).bytes(random).u8(0).u16(0x1301).u8(0);
    w.bytes(block(exts));
  });
}

function decodeBody(type: number, body: Uint8Array): HandshakeMessage {
  return decodeHandshakeBody(type, body);
}

/** The alert and code a decode fails with. */
function failure(run: () => unknown): { alert: string; code: string } {
  try {
    run();
  } catch (error) {
    if (isTlsError(error)) return { alert: error.alert, code: error.code };
    throw error;
  }
  throw new Error('expected a TlsError, but it decoded');
}

const CH = HandshakeType.client_hello;
const SH = HandshakeType.server_hello;
const EE = HandshakeType.encrypted_extensions;

describe('extension block validation (RFC 8446 §4.2)', () => {
  it('refuses_duplicate_extensions in a ClientHello', () => {
    const body = clientHelloBody([
      supportedVersions13,
      ext(0x000a, '0002001d'),
      ext(0x000a, '00020017'),
    ]);
    expect(failure(() => decodeBody(CH, body))).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_DUPLICATE_EXTENSION',
    });
  });

  it('refuses duplicate unknown (GREASE) extensions too', () => {
    const body = clientHelloBody([supportedVersions13, ext(0x0a0a), ext(0x0a0a, '00')]);
    expect(failure(() => decodeBody(CH, body)).alert).toBe('illegal_parameter');
  });

  it('refuses duplicate extensions in EncryptedExtensions and in a CertificateEntry', () => {
    const ee = block([ext(ExtensionType.early_data), ext(ExtensionType.early_data)]);
    expect(failure(() => decodeBody(EE, ee)).code).toBe('HANDSHAKE_DUPLICATE_EXTENSION');
    const entryExts = block([ext(0x1234), ext(0x1234)]);
    const cert = encode((w) => w.u8(0).u24Prefixed((w) => w.u24(1).u8(0x30).bytes(entryExts)));
    expect(failure(() => decodeBody(HandshakeType.certificate, cert)).code).toBe(
      'HANDSHAKE_DUPLICATE_EXTENSION',
    );
  });

  it.each([
    ['key_share in EncryptedExtensions', EE, block([ext(ExtensionType.key_share, '001d0001aa')])],
    ['padding in EncryptedExtensions', EE, block([ext(ExtensionType.padding, '0000')])],
    [
      'supported_versions in EncryptedExtensions',
      EE,
      block([ext(ExtensionType.supported_versions, '0304')]),
    ],
    [
      'oid_filters in a ClientHello',
      CH,
      clientHelloBody([supportedVersions13, ext(ExtensionType.oid_filters, '0000')]),
    ],
    [
      'early_data in a ServerHello',
      SH,
      serverHelloBody([selectedVersion13, ext(ExtensionType.early_data)]),
    ],
    [
      'cookie in a ServerHello',
      SH,
      serverHelloBody([selectedVersion13, ext(ExtensionType.cookie, '000101')]),
    ],
    [
      'server_name in a TLS 1.3 ServerHello',
      SH,
      serverHelloBody([selectedVersion13, ext(ExtensionType.server_name)]),
    ],
    [
      'key_share in a TLS 1.2 ServerHello',
      SH,
      serverHelloBody([ext(ExtensionType.key_share, '001d0001aa')]),
    ],
    [
      'pre_shared_key in a HelloRetryRequest',
      SH,
      serverHelloBody(
        [selectedVersion13, ext(ExtensionType.pre_shared_key, '0000')],
        HELLO_RETRY_REQUEST_RANDOM,
      ),
    ],
    [
      'early_data in a CertificateRequest',
      HandshakeType.certificate_request,
      encode((w) => w.u8(0).bytes(block([ext(ExtensionType.early_data)]))),
    ],
    [
      'key_share in a NewSessionTicket',
      HandshakeType.new_session_ticket,
      encode((w) =>
        w
          .u32(1)
          .u32(2)
          .u8(0)
          .u16(1)
          .u8(1)
          .bytes(block([ext(ExtensionType.key_share, '0017')])),
      ),
    ],
  ])('refuses_extension_not_allowed: %s → illegal_parameter', (_name, type, body) => {
    expect(failure(() => decodeBody(type, body))).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_EXTENSION_NOT_ALLOWED',
    });
  });

  it('refuses signature_algorithms in a CertificateEntry', () => {
    const cert = encode((w) =>
      w.u8(0).u24Prefixed((w) =>
        w
          .u24(1)
          .u8(0x30)
          .bytes(block([ext(ExtensionType.signature_algorithms, '00020804')])),
      ),
    );
    expect(failure(() => decodeBody(HandshakeType.certificate, cert)).alert).toBe(
      'illegal_parameter',
    );
  });

  it('accepts renegotiation_info and extended_master_secret in a TLS 1.2 ServerHello', () => {
    const sh = decodeBody(
      SH,
      serverHelloBody([
        ext(ExtensionType.renegotiation_info, '00'),
        ext(ExtensionType.extended_master_secret),
      ]),
    );
    if (sh.kind !== 'server_hello') throw new Error(sh.kind);
    expect(extensionValue(sh.extensions, 'renegotiation_info')).toEqual(new Uint8Array(0));
    expect(extensionValue(sh.extensions, 'extended_master_secret')).toBeNull();
  });

  it('keeps a malformed TLS 1.2-only extension of a ClientHello opaque instead of refusing it', () => {
    // a TLS 1.3 server ignores extended_master_secret and renegotiation_info (OpenSSL too)
    const ch = decodeBody(
      CH,
      clientHelloBody([
        supportedVersions13,
        ext(ExtensionType.extended_master_secret, '0102'),
        ext(ExtensionType.renegotiation_info, 'ffff'),
      ]),
    ) as ClientHello;
    expect(ch.extensions.slice(1)).toEqual([
      { kind: 'opaque', type: ExtensionType.extended_master_secret, data: Uint8Array.of(1, 2) },
      { kind: 'opaque', type: ExtensionType.renegotiation_info, data: Uint8Array.of(0xff, 0xff) },
    ]);
    // well-formed, they are parsed as before
    const ok = decodeBody(
      CH,
      clientHelloBody([supportedVersions13, ext(ExtensionType.extended_master_secret)]),
    ) as ClientHello;
    expect(extensionValue(ok.extensions, 'extended_master_secret')).toBeNull();
    // the leniency is for those two only: a malformed TLS 1.3 extension is still refused
    expect(
      failure(() =>
        decodeBody(
          CH,
          clientHelloBody([supportedVersions13, ext(ExtensionType.psk_key_exchange_modes, '05')]),
        ),
      ).alert,
    ).toBe('decode_error');
  });

  it('keeps and ignores unknown and GREASE extensions wherever they appear', () => {
    const unknown = ext(0x7777, 'abcd');
    const grease = ext(0xdada);
    const ch = decodeBody(
      CH,
      clientHelloBody([grease, supportedVersions13, unknown]),
    ) as ClientHello;
    expect(ch.extensions).toEqual([
      { kind: 'opaque', type: 0xdada, data: new Uint8Array(0) },
      { kind: 'supported_versions', value: [0x0304] },
      { kind: 'opaque', type: 0x7777, data: fromHex('abcd') },
    ]);
    for (const [type, body] of [
      [SH, serverHelloBody([selectedVersion13, unknown])],
      [EE, block([unknown, grease])],
      [
        HandshakeType.new_session_ticket,
        encode((w) =>
          w
            .u32(1)
            .u32(2)
            .u8(0)
            .u16(1)
            .u8(1)
            .bytes(block([grease])),
        ),
      ],
      [HandshakeType.certificate_request, encode((w) => w.u8(0).bytes(block([unknown])))],
    ] as const) {
      const m = decodeBody(type, body);
      expect(toHex(encodeHandshakeMessage(m).subarray(4))).toBe(toHex(body));
    }
  });

  it('keeps GREASE values inside lists (suites, groups, versions, key shares, ALPN, PSK modes)', () => {
    const body = clientHelloBody(
      [
        ext(ExtensionType.supported_versions, '061a1a03040303'),
        ext(ExtensionType.supported_groups, '00042a2a001d'),
        ext(ExtensionType.key_share, '000a2a2a000100001d0001aa'),
        ext(ExtensionType.application_layer_protocol_negotiation, '0006027a7a026832'),
        ext(ExtensionType.psk_key_exchange_modes, '020b01'),
      ],
      { suites: '00043a3a1301' },
    );
    const ch = decodeBody(CH, body) as ClientHello;
    expect(ch.cipherSuites).toEqual([0x3a3a, 0x1301]);
    expect(extensionValue(ch.extensions, 'supported_versions')).toEqual([0x1a1a, 0x0304, 0x0303]);
    expect(extensionValue(ch.extensions, 'supported_groups')).toEqual([0x2a2a, 0x001d]);
    expect(extensionValue(ch.extensions, 'key_share')?.map((s) => s.group)).toEqual([
      0x2a2a, 0x001d,
    ]);
    expect(extensionValue(ch.extensions, 'psk_key_exchange_modes')).toEqual([0x0b, 0x01]);
    expect(extensionValue(ch.extensions, 'application_layer_protocol_negotiation')).toEqual([
      fromHex('7a7a'),
      fromHex('6832'),
    ]);
    expect(toHex(encodeHandshakeMessage(ch).subarray(4))).toBe(toHex(body));
  });

  it('the §4.2 table lists the RFC 8446 rows', () => {
    expect(isExtensionAllowed(ExtensionType.key_share, 'hello_retry_request')).toBe(true);
    expect(isExtensionAllowed(ExtensionType.cookie, 'hello_retry_request')).toBe(true);
    expect(isExtensionAllowed(ExtensionType.early_data, 'new_session_ticket')).toBe(true);
    expect(isExtensionAllowed(ExtensionType.status_request, 'certificate')).toBe(true);
    expect(isExtensionAllowed(ExtensionType.oid_filters, 'certificate_request')).toBe(true);
    expect(isExtensionAllowed(ExtensionType.post_handshake_auth, 'client_hello')).toBe(true);
    expect(isExtensionAllowed(ExtensionType.pre_shared_key, 'encrypted_extensions')).toBe(false);
    expect(isExtensionAllowed(0x0a0a, 'server_hello')).toBe(true);
    expect(ALLOWED_EXTENSIONS.size).toBeGreaterThan(30);
  });
});

describe('ClientHello validation', () => {
  const psk = ext(
    ExtensionType.pre_shared_key,
    `000b0005616263646500000001 0021 20${'11'.repeat(32)}`.replace(/ /g, ''),
  );

  it('refuses a pre_shared_key that is not the last extension (§4.2.11)', () => {
    expect(
      failure(() => decodeBody(CH, clientHelloBody([supportedVersions13, psk, ext(0x7777)]))),
    ).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_PSK_NOT_LAST',
    });
    const ok = decodeBody(CH, clientHelloBody([supportedVersions13, psk])) as ClientHello;
    expect(
      extensionValue(ok.extensions, 'pre_shared_key')?.identities[0]?.obfuscatedTicketAge,
    ).toBe(1);
  });

  it('refuses a pre_shared_key with more identities than binders', () => {
    const twoIds = ext(
      ExtensionType.pre_shared_key,
      `0012 0001 61 00000001 0005 6263646566 00000002 0021 20${'11'.repeat(32)}`.replace(/ /g, ''),
    );
    expect(failure(() => decodeBody(CH, clientHelloBody([supportedVersions13, twoIds])))).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_PSK_BINDER_COUNT',
    });
  });

  it('refuses two key shares for the same group (§4.2.8)', () => {
    const shares = ext(ExtensionType.key_share, '000a001d0001aa001d0001bb');
    expect(failure(() => decodeBody(CH, clientHelloBody([supportedVersions13, shares])))).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_DUPLICATE_KEY_SHARE',
    });
  });

  it('refuses two server names of the same type (RFC 6066 §3)', () => {
    const sni = ext(ExtensionType.server_name, '000c 00000361626300000364656 6'.replace(/ /g, ''));
    expect(failure(() => decodeBody(CH, clientHelloBody([supportedVersions13, sni]))).code).toBe(
      'HANDSHAKE_DUPLICATE_SERVER_NAME',
    );
  });

  it.each([
    [
      'a legacy_session_id of 33 bytes',
      clientHelloBody(undefined, { sessionId: `21${'00'.repeat(33)}` }),
    ],
    ['empty cipher_suites', clientHelloBody(undefined, { suites: '0000' })],
    ['an odd-length cipher_suites', clientHelloBody(undefined, { suites: '000313011302' })],
    ['empty legacy_compression_methods', clientHelloBody(undefined, { compression: '00' })],
    [
      'supported_versions with one byte',
      clientHelloBody([ext(ExtensionType.supported_versions, '0103'), ext(0x7777)]),
    ],
    [
      'supported_versions with no version',
      clientHelloBody([ext(ExtensionType.supported_versions, '00'), ext(0x7777)]),
    ],
    [
      'an empty key_exchange',
      clientHelloBody([supportedVersions13, ext(ExtensionType.key_share, '0004001d0000')]),
    ],
    [
      'a 31-byte PSK binder',
      clientHelloBody([
        supportedVersions13,
        ext(ExtensionType.pre_shared_key, `000b000561626364650000000100201f${'11'.repeat(31)}`),
      ]),
    ],
    ['an empty cookie', clientHelloBody([supportedVersions13, ext(ExtensionType.cookie, '0000')])],
    [
      'an empty ALPN protocol name',
      clientHelloBody([
        supportedVersions13,
        ext(ExtensionType.application_layer_protocol_negotiation, '0003000161'),
      ]),
    ],
    [
      'trailing bytes inside an extension',
      clientHelloBody([supportedVersions13, ext(ExtensionType.supported_groups, '0002001d00')]),
    ],
    [
      'an extension running past its block',
      encode((w) => w.bytes(clientHelloBody(undefined)).u16(8).u16(0x7777).u16(9).u32(0)),
    ],
    [
      'trailing bytes after the extensions',
      encode((w) => w.bytes(clientHelloBody([supportedVersions13, ext(0x7777)])).u8(0)),
    ],
  ])('refuses %s with decode_error', (_name, body) => {
    expect(failure(() => decodeBody(CH, body)).alert).toBe('decode_error');
  });

  it('decodes a TLS 1.2 ClientHello whose extension block is under 8 bytes (RFC 5246 bound)', () => {
    // renegotiation_info alone (5 bytes); the server answers it with
    // protocol_version (no supported_versions), not decode_error.
    const body = clientHelloBody([ext(ExtensionType.renegotiation_info, '00')]);
    const ch = decodeBody(CH, body) as ClientHello;
    expect(ch.extensions).toHaveLength(1);
    expect(toHex(encodeHandshakeMessage(ch).subarray(4))).toBe(toHex(body));
  });

  it('decodes a TLS 1.2-style ClientHello without extensions', () => {
    const ch = decodeBody(CH, clientHelloBody(undefined)) as ClientHello;
    expect(ch.extensions).toEqual([]);
    expect(toHex(encodeHandshakeMessage(ch).subarray(4))).toBe(toHex(clientHelloBody(undefined)));
  });
});

describe('ServerHello and HelloRetryRequest validation', () => {
  it('recognises a HelloRetryRequest by its random (§4.1.3)', () => {
    const hrr = decodeBody(
      SH,
      serverHelloBody(
        [selectedVersion13, ext(ExtensionType.key_share, '0017')],
        HELLO_RETRY_REQUEST_RANDOM,
      ),
    );
    expect(hrr.kind).toBe('hello_retry_request');
    if (hrr.kind !== 'hello_retry_request') return;
    expect(extensionValue(hrr.extensions, 'key_share')).toBe(0x17);
    const random = HELLO_RETRY_REQUEST_RANDOM.slice();
    random[31]! ^= 1;
    const sh = decodeBody(
      SH,
      serverHelloBody([selectedVersion13, ext(ExtensionType.key_share, '001d0001aa')], random),
    );
    expect(sh.kind).toBe('server_hello');
  });

  it('refuses a supported_versions below TLS 1.3 in a ServerHello (§4.2.1)', () => {
    expect(
      failure(() =>
        decodeBody(SH, serverHelloBody([ext(ExtensionType.supported_versions, '0303')])),
      ),
    ).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_SELECTED_VERSION_BELOW_TLS13',
    });
  });

  it('refuses a HelloRetryRequest extension block shorter than 6 bytes', () => {
    const body = serverHelloBody([ext(ExtensionType.key_share, '')], HELLO_RETRY_REQUEST_RANDOM);
    expect(failure(() => decodeBody(SH, body)).alert).toBe('decode_error');
  });

  it('refuses a legacy_session_id_echo of 33 bytes', () => {
    const body = encode((w) =>
      w.u16(0x0303).bytes(new Uint8Array(32)).u8(33).bytes(new Uint8Array(33)).u16(0x1301).u8(0),
    );
    expect(failure(() => decodeBody(SH, body)).alert).toBe('decode_error');
  });
});

describe('other messages', () => {
  it('refuses an EncryptedExtensions ALPN list that does not hold exactly one protocol (RFC 7301 §3.1)', () => {
    const two = block([
      ext(ExtensionType.application_layer_protocol_negotiation, '0006026832026833'),
    ]);
    expect(failure(() => decodeBody(EE, two))).toEqual({
      alert: 'decode_error',
      code: 'HANDSHAKE_ALPN_NOT_ONE_PROTOCOL',
    });
    const one = decodeBody(
      EE,
      block([ext(ExtensionType.application_layer_protocol_negotiation, '0003026832')]),
    );
    if (one.kind !== 'encrypted_extensions') throw new Error(one.kind);
    expect(extensionValue(one.extensions, 'application_layer_protocol_negotiation')).toEqual(
      fromHex('6832'),
    );
  });

  it('refuses record_size_limit below 64 (RFC 8449 §4)', () => {
    expect(
      failure(() => decodeBody(EE, block([ext(ExtensionType.record_size_limit, '003f')]))),
    ).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_RECORD_SIZE_LIMIT_TOO_SMALL',
    });
  });

  it('refuses a max_fragment_length outside 1..4 (RFC 6066 §4)', () => {
    expect(
      failure(() => decodeBody(EE, block([ext(ExtensionType.max_fragment_length, '05')]))).alert,
    ).toBe('illegal_parameter');
    expect(
      failure(() =>
        decodeBody(
          CH,
          clientHelloBody([supportedVersions13, ext(ExtensionType.max_fragment_length, '00')]),
        ),
      ).alert,
    ).toBe('illegal_parameter');
  });

  it('refuses a KeyUpdate request other than 0 or 1 (§4.6.3)', () => {
    expect(failure(() => decodeBody(HandshakeType.key_update, fromHex('02')))).toEqual({
      alert: 'illegal_parameter',
      code: 'HANDSHAKE_BAD_KEY_UPDATE_REQUEST',
    });
    expect(failure(() => decodeBody(HandshakeType.key_update, fromHex('0100'))).alert).toBe(
      'decode_error',
    );
  });

  it.each([
    ['an empty CertificateRequest extension block', HandshakeType.certificate_request, '000000'],
    [
      'an empty NewSessionTicket ticket',
      HandshakeType.new_session_ticket,
      '0000000100000002000000' + '0000',
    ],
    ['an empty cert_data', HandshakeType.certificate, '00000005000000' + '0000'],
    [
      'a certificate_list running past the message',
      HandshakeType.certificate,
      '00000010000001300000',
    ],
    ['a Finished of 11 bytes', HandshakeType.finished, '00'.repeat(11)],
    ['a Finished of 65 bytes', HandshakeType.finished, '00'.repeat(65)],
    ['an EndOfEarlyData with a body', HandshakeType.end_of_early_data, '00'],
    ['a message_hash of 20 bytes', HandshakeType.message_hash, '00'.repeat(20)],
    ['a CertificateVerify without a signature length', HandshakeType.certificate_verify, '0804'],
    [
      'an early_data in NewSessionTicket of 2 bytes',
      HandshakeType.new_session_ticket,
      `00000001000000020000010000060 02a00020400`.replace(/ /g, ''),
    ],
  ])('refuses %s with decode_error', (_name, type, hex) => {
    expect(failure(() => decodeBody(type, fromHex(hex))).alert).toBe('decode_error');
  });

  it('keeps messages of types it does not parse', () => {
    const m = decodeHandshakeMessage(fromHex('0e000000'));
    expect(m.parsed).toEqual({
      kind: 'unknown',
      type: HandshakeType.server_hello_done,
      body: new Uint8Array(0),
    });
    expect(toHex(encodeHandshakeMessage(m.parsed))).toBe('0e000000');
  });

  it('refuses trailing bytes after a message and a header longer than the bytes', () => {
    expect(failure(() => decodeHandshakeMessage(fromHex(`1400000c${'00'.repeat(13)}`))).code).toBe(
      'WIRE_TRAILING_BYTES',
    );
    expect(failure(() => decodeHandshakeMessage(fromHex(`1400000d${'00'.repeat(12)}`))).code).toBe(
      'WIRE_TRUNCATED',
    );
  });
});
