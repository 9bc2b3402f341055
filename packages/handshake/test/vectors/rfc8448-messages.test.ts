import { createHash } from 'node:crypto';
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  CipherSuiteCode,
  type ClientHello,
  decodeHandshakeMessage,
  encodeHandshakeMessage,
  encodeMessageHash,
  extensionValue,
  type HandshakeMessage,
  hostNameOf,
  NamedGroup,
  readHandshakeHeader,
  SignatureSchemeCode,
  truncatedClientHello,
} from '../../src/index.js';
import * as v from './rfc8448.js';

const sha256 = (...parts: string[]) =>
  createHash('sha256').update(parts.join(''), 'hex').digest('hex');

function splitMessages(hex: string): string[] {
  const bytes = fromHex(hex);
  const out: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const header = readHandshakeHeader(bytes, offset);
    if (!header) throw new Error('truncated flight');
    out.push(toHex(bytes.subarray(offset, offset + 4 + header.length)));
    offset += 4 + header.length;
  }
  return out;
}

const s5Flight = splitMessages(v.s5ServerFlight);
const s4ClientHello = v.s4ClientHelloPrefix + v.s4Binders;

const messages: [string, string, HandshakeMessage['kind']][] = [
  ['§3 ClientHello', v.s3ClientHello, 'client_hello'],
  ['§3 ServerHello', v.s3ServerHello, 'server_hello'],
  ['§3 EncryptedExtensions', v.s3EncryptedExtensions, 'encrypted_extensions'],
  ['§3 Certificate', v.s3Certificate, 'certificate'],
  ['§3 CertificateVerify', v.s3CertificateVerify, 'certificate_verify'],
  ['§3 server Finished', v.s3ServerFinished, 'finished'],
  ['§3 client Finished', v.s3ClientFinished, 'finished'],
  ['§3 NewSessionTicket', v.s3NewSessionTicket, 'new_session_ticket'],
  ['§4 ClientHello (PSK, early_data)', s4ClientHello, 'client_hello'],
  ['§4 ServerHello', v.s4ServerHello, 'server_hello'],
  ['§4 EncryptedExtensions', v.s4EncryptedExtensions, 'encrypted_extensions'],
  ['§4 server Finished', v.s4ServerFinished, 'finished'],
  ['§4 EndOfEarlyData', v.s4EndOfEarlyData, 'end_of_early_data'],
  ['§4 client Finished', v.s4ClientFinished, 'finished'],
  ['§5 ClientHello1', v.s5ClientHello1, 'client_hello'],
  ['§5 HelloRetryRequest', v.s5HelloRetryRequest, 'hello_retry_request'],
  ['§5 ClientHello2', v.s5ClientHello2, 'client_hello'],
  ['§5 ServerHello', v.s5ServerHello, 'server_hello'],
  ['§5 EncryptedExtensions', s5Flight[0]!, 'encrypted_extensions'],
  ['§5 Certificate', s5Flight[1]!, 'certificate'],
  ['§5 CertificateVerify', s5Flight[2]!, 'certificate_verify'],
  ['§5 server Finished', s5Flight[3]!, 'finished'],
];

function decode(hex: string) {
  return decodeHandshakeMessage(fromHex(hex));
}

/** Decodes a message that must be of `kind`, narrowed to it. */
function decodeAs<K extends HandshakeMessage['kind']>(
  hex: string,
  kind: K,
): Extract<HandshakeMessage, { kind: K }> {
  const parsed = decode(hex).parsed;
  if (parsed.kind !== kind) throw new Error(`expected ${kind}, got ${parsed.kind}`);
  return parsed as Extract<HandshakeMessage, { kind: K }>;
}

describe('RFC 8448 handshake messages', () => {
  it('has the transcript hashes the RFC prints, so the vectors are the RFC bytes', () => {
    expect(sha256(v.s3ClientHello, v.s3ServerHello)).toBe(v.transcriptHashes.s3Hello);
    expect(
      sha256(
        v.s3ClientHello,
        v.s3ServerHello,
        v.s3EncryptedExtensions,
        v.s3Certificate,
        v.s3CertificateVerify,
        v.s3ServerFinished,
      ),
    ).toBe(v.transcriptHashes.s3ServerFinished);
  });

  it.each(messages)('decodes and re-encodes the %s byte for byte', (_name, hex, kind) => {
    const decoded = decode(hex);
    expect(decoded.parsed.kind).toBe(kind);
    expect(toHex(decoded.encoded)).toBe(hex);
    expect(toHex(encodeHandshakeMessage(decoded.parsed))).toBe(hex);
  });

  it('reads the §3 ClientHello fields', () => {
    const ch = decodeAs(v.s3ClientHello, 'client_hello');
    expect(ch.cipherSuites).toEqual([
      CipherSuiteCode.TLS_AES_128_GCM_SHA256,
      CipherSuiteCode.TLS_CHACHA20_POLY1305_SHA256,
      CipherSuiteCode.TLS_AES_256_GCM_SHA384,
    ]);
    expect(hostNameOf(extensionValue(ch.extensions, 'server_name') ?? [])).toBe('server');
    expect(extensionValue(ch.extensions, 'supported_groups')).toEqual([
      0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
    ]);
    const shares = extensionValue(ch.extensions, 'key_share') ?? [];
    expect(shares.map((s) => s.group)).toEqual([NamedGroup.x25519]);
    expect(toHex(shares[0]!.keyExchange)).toBe(
      '99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c',
    );
    expect(extensionValue(ch.extensions, 'supported_versions')).toEqual([0x0304]);
    expect(extensionValue(ch.extensions, 'record_size_limit')).toBe(0x4001);
    expect(extensionValue(ch.extensions, 'psk_key_exchange_modes')).toEqual([1]);
    // session_ticket (35) is recognised but not parsed: kept as it came.
    expect(ch.extensions.find((e) => e.kind === 'opaque')).toEqual({
      kind: 'opaque',
      type: 35,
      data: new Uint8Array(0),
    });
  });

  it('reads the §3 server flight', () => {
    const sh = decodeAs(v.s3ServerHello, 'server_hello');
    expect(sh.cipherSuite).toBe(0x1301);
    expect(extensionValue(sh.extensions, 'supported_versions')).toBe(0x0304);
    expect(extensionValue(sh.extensions, 'key_share')?.group).toBe(0x001d);
    const cert = decodeAs(v.s3Certificate, 'certificate');
    expect(cert.certificateList).toHaveLength(1);
    expect(cert.certificateList[0]!.certData.length).toBe(432);
    expect(cert.certificateList[0]!.certData[0]).toBe(0x30);
    const cv = decodeAs(v.s3CertificateVerify, 'certificate_verify');
    expect(cv.algorithm).toBe(SignatureSchemeCode.rsa_pss_rsae_sha256);
    expect(cv.signature.length).toBe(128);
    const nst = decodeAs(v.s3NewSessionTicket, 'new_session_ticket');
    expect(nst.ticketLifetime).toBe(30);
    expect(nst.ticketAgeAdd).toBe(0xfad6aac5);
    expect(toHex(nst.ticketNonce)).toBe('0000');
    expect(nst.ticket.length).toBe(178);
    expect(extensionValue(nst.extensions, 'early_data')).toBe(1024);
  });

  it('finds the §4 truncated ClientHello that the PSK binder covers', () => {
    const decoded = decode(s4ClientHello);
    const ch = decoded.parsed as ClientHello;
    const offer = extensionValue(ch.extensions, 'pre_shared_key');
    expect(offer?.identities).toHaveLength(1);
    expect(offer?.identities[0]?.obfuscatedTicketAge).toBe(0xfad6aacb);
    expect(toHex(offer!.binders[0]!)).toBe(v.s4Binders.slice(6));
    expect(extensionValue(ch.extensions, 'early_data')).toBeNull();
    expect(toHex(truncatedClientHello(ch, decoded.encoded))).toBe(v.s4ClientHelloPrefix);
    const sh = decodeAs(v.s4ServerHello, 'server_hello');
    expect(extensionValue(sh.extensions, 'pre_shared_key')).toBe(0);
  });

  it('recognises the §5 HelloRetryRequest by its random and restarts the transcript with message_hash', () => {
    const hrr = decodeAs(v.s5HelloRetryRequest, 'hello_retry_request');
    expect(extensionValue(hrr.extensions, 'key_share')).toBe(NamedGroup.secp256r1);
    expect(extensionValue(hrr.extensions, 'cookie')?.length).toBe(114);
    const ch2 = decodeAs(v.s5ClientHello2, 'client_hello');
    expect(extensionValue(ch2.extensions, 'cookie')).toEqual(
      extensionValue(hrr.extensions, 'cookie'),
    );
    expect(extensionValue(ch2.extensions, 'padding')?.length).toBe(175);

    const messageHash = toHex(encodeMessageHash(fromHex(sha256(v.s5ClientHello1))));
    expect(messageHash.slice(0, 8)).toBe('fe000020');
    expect(sha256(messageHash, v.s5HelloRetryRequest, v.s5ClientHello2, v.s5ServerHello)).toBe(
      v.transcriptHashes.s5Hello,
    );
    expect(
      sha256(messageHash, v.s5HelloRetryRequest, v.s5ClientHello2, v.s5ServerHello, ...s5Flight),
    ).toBe(v.transcriptHashes.s5ServerFinished);
  });
});
