import { concatBytes, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { keysFor, nodeSeal, pattern, readAll, tls12Suites, tls13Suites } from '../test/helpers.js';
import { RecordReader } from './reader.js';
import { MAX_SEQUENCE_NUMBER } from './sequence.js';
import { RecordWriter } from './writer.js';

function u64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

function xorSeq(iv: Uint8Array, seq: bigint): Uint8Array {
  const out = iv.slice();
  const s = u64(seq);
  for (let i = 0; i < 8; i++) out[4 + i]! ^= s[i]!;
  return out;
}

describe('TLS 1.2 AEAD records match an independent construction (node:crypto)', () => {
  for (const suite of tls12Suites) {
    for (const seq of [0n, 1n, 0x1_0000_0000n, MAX_SEQUENCE_NUMBER - 1n]) {
      it(`${suite.name} at sequence ${seq}`, () => {
        const keys = keysFor(suite, 7);
        const data = pattern(300, 3);
        const writer = new RecordWriter();
        writer.installKeys(keys, { sequence: seq });
        writer.writeApplicationData(data);
        const record = writer.takeOutput();

        // AAD = seq_num ‖ type ‖ version ‖ length (RFC 5246 §6.2.3.3).
        const aad = concatBytes(
          u64(seq),
          Uint8Array.of(23, 3, 3, data.length >> 8, data.length & 255),
        );
        let expected: Uint8Array;
        if (suite.explicitNonceLength === 8) {
          // RFC 5288: nonce = salt(4) ‖ explicit(8); Strata's explicit nonce is the sequence number.
          const nonce = concatBytes(keys.iv, u64(seq));
          const sealed = nodeSeal(suite.aead.name, keys.key, nonce, data, aad);
          const length = 8 + sealed.length;
          expected = concatBytes(
            Uint8Array.of(23, 3, 3, length >> 8, length & 255),
            u64(seq),
            sealed,
          );
        } else {
          // RFC 7905: nonce = iv XOR (0^32 ‖ seq), no explicit nonce.
          const sealed = nodeSeal(suite.aead.name, keys.key, xorSeq(keys.iv, seq), data, aad);
          expected = concatBytes(
            Uint8Array.of(23, 3, 3, sealed.length >> 8, sealed.length & 255),
            sealed,
          );
        }
        expect(toHex(record)).toBe(toHex(expected));

        const reader = new RecordReader();
        reader.installKeys(keys, { sequence: seq });
        reader.push(record);
        expect(readAll(reader)).toEqual([{ type: 'application_data', data }]);
      });
    }
  }
});

describe('TLS 1.3 nonces are iv XOR the 64-bit sequence number', () => {
  for (const suite of tls13Suites) {
    it(`${suite.name} at 2^64 - 2 matches node:crypto`, () => {
      const keys = keysFor(suite, 9);
      const seq = MAX_SEQUENCE_NUMBER - 1n;
      const writer = new RecordWriter();
      writer.installKeys(keys, { sequence: seq });
      const data = pattern(40, 5);
      writer.writeApplicationData(data);
      const record = writer.takeOutput();
      const inner = concatBytes(data, Uint8Array.of(23));
      const header = Uint8Array.of(23, 3, 3, 0, inner.length + 16);
      const sealed = nodeSeal(suite.aead.name, keys.key, xorSeq(keys.iv, seq), inner, header);
      expect(toHex(record)).toBe(toHex(concatBytes(header, sealed)));
    });
  }
});
