import { isTlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '../../test/arbitraries.js';
import { HandshakeType } from './codes.js';
import {
  decodeHandshakeBody,
  decodeHandshakeMessage,
  encodeHandshakeMessage,
  type HandshakeMessage,
} from './handshake-message.js';

const PEER_ALERTS = new Set(['decode_error', 'illegal_parameter']);

/** Decoding peer bytes either succeeds or throws a TlsError with a peer-error alert. */
function decodesOrRefuses(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isTlsError(error) || !PEER_ALERTS.has(error.alert)) throw error;
  }
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isTlsError(error)) return error.alert;
    throw error;
  }
  return 'decoded';
}

describe('handshake message codec properties', () => {
  for (const [kind, messages] of Object.entries(arb.messages)) {
    it(`round-trips ${kind}: decode(encode(x)) = x and the bytes are kept`, () => {
      fc.assert(
        fc.property(messages, (message) => {
          const encoded = encodeHandshakeMessage(message);
          const decoded = decodeHandshakeMessage(encoded);
          expect(decoded.parsed).toEqual(message);
          expect(decoded.encoded).toBe(encoded);
          expect(encodeHandshakeMessage(decoded.parsed)).toEqual(encoded);
        }),
        { numRuns: 150 },
      );
    });

    it(`decodes no strict prefix of a ${kind}`, () => {
      fc.assert(
        fc.property(messages, (message) => {
          const encoded = encodeHandshakeMessage(message);
          for (let end = 0; end < encoded.length; end++) {
            expect(refusal(() => decodeHandshakeMessage(encoded.subarray(0, end)))).toBe(
              'decode_error',
            );
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('gives only TlsErrors for mutated messages', () => {
    const mutation = fc.record({
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      op: fc.constantFrom('set', 'insert', 'delete', 'xor'),
    });
    fc.assert(
      fc.property(arb.anyMessage, fc.array(mutation, { minLength: 1, maxLength: 4 }), (m, muts) => {
        const bytes = Array.from(encodeHandshakeMessage(m));
        for (const { at, byte, op } of muts) {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          if (op === 'set') bytes[i] = byte;
          else if (op === 'xor') bytes[i] = (bytes[i] ?? 0) ^ (1 << (byte % 8));
          else if (op === 'insert') bytes.splice(i, 0, byte);
          else bytes.splice(i, 1);
        }
        // Both as they are (the header length is now usually wrong) and with the
        // header length fixed, so the body decoders see the damage.
        const raw = Uint8Array.from(bytes);
        decodesOrRefuses(() => decodeHandshakeMessage(raw));
        if (bytes.length >= 4) {
          const body = raw.subarray(4);
          decodesOrRefuses(() => decodeHandshakeBody(raw[0]!, body));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives only TlsErrors for random bodies of every parsed type', () => {
    const types = [
      HandshakeType.client_hello,
      HandshakeType.server_hello,
      HandshakeType.new_session_ticket,
      HandshakeType.end_of_early_data,
      HandshakeType.encrypted_extensions,
      HandshakeType.certificate,
      HandshakeType.certificate_request,
      HandshakeType.certificate_verify,
      HandshakeType.finished,
      HandshakeType.key_update,
      HandshakeType.message_hash,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 200 }), (type, body) => {
        decodesOrRefuses(() => decodeHandshakeBody(type, body));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives only TlsErrors for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        decodesOrRefuses(() => decodeHandshakeMessage(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('re-encodes whatever it accepts from a mutated message to the same bytes', () => {
    // Canonical encoding: anything accepted re-encodes to the bytes it came from
    // (except a ServerHello/ClientHello whose empty extension block was sent
    // explicitly, which re-encodes without it).
    fc.assert(
      fc.property(arb.anyMessage, fc.nat(), fc.integer({ min: 0, max: 255 }), (m, at, byte) => {
        const bytes = encodeHandshakeMessage(m).slice();
        bytes[at % bytes.length] = byte;
        let parsed: HandshakeMessage;
        try {
          parsed = decodeHandshakeMessage(bytes).parsed;
        } catch (error) {
          if (isTlsError(error)) return;
          throw error;
        }
        const again = encodeHandshakeMessage(parsed);
        if (again.length !== bytes.length) {
          expect(parsed.kind === 'server_hello' || parsed.kind === 'client_hello').toBe(true);
          expect(bytes.length - again.length).toBe(2);
        } else {
          expect(again).toEqual(bytes);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
