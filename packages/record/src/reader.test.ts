import type { CipherSuite } from '@strata/crypto';
import { concatBytes } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  keysFor,
  pattern,
  rawRecord,
  readAll,
  sealTls13,
  tls12Suites,
  tls13Suites,
  tlsErrorOf,
} from '../test/helpers.js';
import { RecordReader } from './reader.js';
import { RecordWriter } from './writer.js';

const tls13 = tls13Suites[0]!;
const tls12 = tls12Suites[0]!;

function protectedReader(suite: CipherSuite = tls13, seed = 1): RecordReader {
  const reader = new RecordReader();
  reader.installKeys(keysFor(suite, seed));
  return reader;
}

function errorFor(reader: RecordReader, bytes: Uint8Array) {
  reader.push(bytes);
  return tlsErrorOf(() => readAll(reader));
}

describe('RecordReader: framing rules', () => {
  it('rejects unknown content types with unexpected_message', () => {
    for (const type of [0, 19, 24, 255]) {
      const error = errorFor(new RecordReader(), rawRecord(type, 0x0303, Uint8Array.of(1)));
      expect(error).toMatchObject({
        alert: 'unexpected_message',
        code: 'RECORD_UNKNOWN_CONTENT_TYPE',
      });
    }
  });

  it('rejects a non-TLS version with protocol_version and accepts 0x0301 on plaintext', () => {
    expect(errorFor(new RecordReader(), rawRecord(22, 0x0203, Uint8Array.of(1)))).toMatchObject({
      alert: 'protocol_version',
    });
    const reader = new RecordReader();
    reader.push(rawRecord(22, 0x0301, Uint8Array.of(2, 0, 0, 0)));
    expect(readAll(reader)).toHaveLength(1);
  });

  it('checks plaintext at 2^14, TLS 1.3 ciphertext at 2^14+256, TLS 1.2 at 2^14+2048', () => {
    expect(
      errorFor(new RecordReader(), rawRecord(22, 0x0303, new Uint8Array(16385))),
    ).toMatchObject({
      alert: 'record_overflow',
    });
    expect(
      errorFor(protectedReader(tls13), rawRecord(23, 0x0303, new Uint8Array(16641))),
    ).toMatchObject({
      alert: 'record_overflow',
    });
    // Exactly at the limit the deframer accepts it and the AEAD rejects it.
    expect(
      errorFor(protectedReader(tls13), rawRecord(23, 0x0303, new Uint8Array(16640))),
    ).toMatchObject({
      alert: 'bad_record_mac',
    });
    expect(
      errorFor(protectedReader(tls12), rawRecord(23, 0x0303, new Uint8Array(18433))),
    ).toMatchObject({
      alert: 'record_overflow',
    });
    // TLS 1.2: more than 2^14 bytes of plaintext inside is an overflow before decryption.
    expect(
      errorFor(protectedReader(tls12), rawRecord(23, 0x0303, new Uint8Array(18432))),
    ).toMatchObject({
      alert: 'record_overflow',
    });
  });

  it('rejects the overflow as soon as the header is in, before buffering the body', () => {
    const reader = new RecordReader();
    reader.push(Uint8Array.of(23, 3, 3, 0xff, 0xff));
    expect(tlsErrorOf(() => reader.read())).toMatchObject({ alert: 'record_overflow' });
  });

  it('rejects a TLSInnerPlaintext over 2^14 + 1 bytes with record_overflow', () => {
    const keys = keysFor(tls13, 1);
    const inner = concatBytes(new Uint8Array(16385), Uint8Array.of(23), new Uint8Array(1));
    const error = errorFor(protectedReader(), sealTls13(keys, 0n, inner));
    expect(error).toMatchObject({ alert: 'record_overflow' });
  });

  it('enforces its own record_size_limit on protected records', () => {
    const writer = new RecordWriter();
    writer.installKeys(keysFor(tls13, 1));
    writer.writeApplicationData(new Uint8Array(200));
    const reader = protectedReader();
    reader.setRecordSizeLimit(100);
    expect(errorFor(reader, writer.takeOutput())).toMatchObject({ alert: 'record_overflow' });
  });

  it('rejects plaintext application data and unprotected records after TLS 1.3 keys', () => {
    expect(errorFor(new RecordReader(), rawRecord(23, 0x0303, Uint8Array.of(1)))).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_UNPROTECTED_DATA',
    });
    expect(
      errorFor(protectedReader(), rawRecord(22, 0x0303, Uint8Array.of(1, 0, 0, 0))),
    ).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_UNPROTECTED_IN_TLS13',
    });
  });

  it('checks the record version: TLS 1.3 protected → decode_error, TLS 1.2 → protocol_version', () => {
    const w13 = new RecordWriter();
    w13.installKeys(keysFor(tls13, 1));
    w13.writeApplicationData(Uint8Array.of(1));
    const r13 = w13.takeOutput();
    r13[2] = 1;
    expect(errorFor(protectedReader(tls13), r13)).toMatchObject({ alert: 'decode_error' });
    const w12 = new RecordWriter();
    w12.installKeys(keysFor(tls12, 1));
    w12.writeApplicationData(Uint8Array.of(1));
    const r12 = w12.takeOutput();
    r12[2] = 1;
    expect(errorFor(protectedReader(tls12), r12)).toMatchObject({ alert: 'protocol_version' });
  });

  it('rejects zero-length handshake fragments and alerts that are not 2 bytes', () => {
    expect(errorFor(new RecordReader(), rawRecord(22, 0x0303, new Uint8Array(0)))).toMatchObject({
      alert: 'unexpected_message',
    });
    expect(errorFor(new RecordReader(), rawRecord(21, 0x0303, new Uint8Array(0)))).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_EMPTY_ALERT',
    });
    for (const length of [1, 3, 4]) {
      expect(
        errorFor(new RecordReader(), rawRecord(21, 0x0303, new Uint8Array(length))),
      ).toMatchObject({
        alert: 'decode_error',
      });
    }
  });

  it('rejects a protected alert with zero-length content, padded or not, with unexpected_message (RFC 8446 §5.4)', () => {
    // tlsfuzzer test-tls13-empty-alert.py: inner plaintext = [] || 21 || zeros.
    const keys = keysFor(tls13, 1);
    for (const padding of [0, 2, 5, 30]) {
      const inner = concatBytes(Uint8Array.of(21), new Uint8Array(padding));
      expect(errorFor(protectedReader(), sealTls13(keys, 0n, inner))).toMatchObject({
        alert: 'unexpected_message',
        code: 'RECORD_EMPTY_ALERT',
      });
    }
  });

  it('reads a plaintext alert under TLS 1.3 keys only while allowPlaintextAlerts is on, until a record opens', () => {
    const alert = rawRecord(21, 0x0303, Uint8Array.of(2, 48)); // fatal unknown_ca
    expect(errorFor(protectedReader(), alert)).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_UNPROTECTED_IN_TLS13',
    });
    const lenient = protectedReader();
    expect(lenient.allowPlaintextAlerts).toBe(false);
    lenient.allowPlaintextAlerts = true;
    lenient.push(alert);
    expect(readAll(lenient)).toMatchObject([
      { type: 'alert', alert: { kind: 'fatal', name: 'unknown_ca' } },
    ]);
    // Only alerts: plaintext handshake records are still refused.
    const handshake = protectedReader();
    handshake.allowPlaintextAlerts = true;
    expect(errorFor(handshake, rawRecord(22, 0x0303, Uint8Array.of(20, 0, 0, 0)))).toMatchObject({
      alert: 'unexpected_message',
    });
    // The first record that opens under the keys ends the leniency.
    const opened = protectedReader();
    opened.allowPlaintextAlerts = true;
    opened.push(sealTls13(keysFor(tls13, 1), 0n, Uint8Array.of(1, 23)));
    expect(readAll(opened)).toMatchObject([{ type: 'application_data' }]);
    expect(opened.allowPlaintextAlerts).toBe(false);
    expect(errorFor(opened, alert)).toMatchObject({ code: 'RECORD_UNPROTECTED_IN_TLS13' });
  });

  it('refuses application data, even empty, while refuseApplicationData is on', () => {
    const keys = keysFor(tls13, 1);
    for (const inner of [Uint8Array.of(23), Uint8Array.of(23, 0, 0), Uint8Array.of(1, 23)]) {
      const reader = protectedReader();
      reader.refuseApplicationData = true;
      expect(errorFor(reader, sealTls13(keys, 0n, inner))).toMatchObject({
        alert: 'unexpected_message',
        code: 'RECORD_DATA_BEFORE_FINISHED',
      });
    }
    const open = protectedReader();
    open.push(sealTls13(keys, 0n, Uint8Array.of(23)));
    expect(readAll(open)).toEqual([]); // an empty record is dropped once data is allowed
  });

  it('keeps failing with the same error after the first one', () => {
    const reader = new RecordReader();
    const first = errorFor(reader, rawRecord(99, 0x0303, Uint8Array.of(1)));
    expect(tlsErrorOf(() => reader.read())).toBe(first);
    expect(tlsErrorOf(() => reader.push(Uint8Array.of(1)))).toBe(first);
  });
});

describe('RecordReader: TLS 1.3 inner plaintext', () => {
  const keys = keysFor(tls13, 1);

  it('finds the content type behind zero padding', () => {
    const inner = concatBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(23), new Uint8Array(500));
    const reader = protectedReader();
    reader.push(sealTls13(keys, 0n, inner));
    expect(readAll(reader)).toEqual([{ type: 'application_data', data: Uint8Array.of(1, 2, 3) }]);
  });

  it('rejects an all-zero inner plaintext with unexpected_message', () => {
    for (const length of [1, 2, 100]) {
      const error = errorFor(protectedReader(), sealTls13(keys, 0n, new Uint8Array(length)));
      expect(error).toMatchObject({ alert: 'unexpected_message', code: 'RECORD_NO_CONTENT_TYPE' });
    }
  });

  it('rejects a protected change_cipher_spec or unknown inner type', () => {
    for (const type of [20, 24, 99]) {
      const error = errorFor(protectedReader(), sealTls13(keys, 0n, Uint8Array.of(1, type)));
      expect(error).toMatchObject({ alert: 'unexpected_message', code: 'RECORD_BAD_INNER_TYPE' });
    }
  });

  it('rejects a record too short to hold a tag and a type with bad_record_mac', () => {
    for (const length of [0, 1, 16]) {
      const error = errorFor(protectedReader(), rawRecord(23, 0x0303, new Uint8Array(length)));
      expect(error).toMatchObject({ alert: 'bad_record_mac' });
    }
  });
});

describe('RecordReader: content rules', () => {
  it('refuses records of another type inside a fragmented handshake message', () => {
    const reader = new RecordReader();
    reader.push(rawRecord(22, 0x0303, Uint8Array.of(1, 0, 0, 10, 1, 2)));
    expect(reader.read()).toBeUndefined();
    expect(reader.hasPartialHandshakeMessage).toBe(true);
    expect(errorFor(reader, rawRecord(21, 0x0303, Uint8Array.of(1, 0)))).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_INTERLEAVED_HANDSHAKE',
    });
  });

  it('refuses a key change inside a handshake message or before the record ends', () => {
    const partial = new RecordReader();
    partial.push(rawRecord(22, 0x0303, Uint8Array.of(2, 0, 0, 10, 1, 2)));
    expect(partial.read()).toBeUndefined();
    expect(tlsErrorOf(() => partial.installKeys(keysFor(tls13)))).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_KEY_CHANGE_NOT_ALIGNED',
    });

    // ServerHello and another message in the same record: the key change after
    // ServerHello does not align with the record boundary.
    const unaligned = new RecordReader();
    unaligned.push(rawRecord(22, 0x0303, Uint8Array.of(2, 0, 0, 0, 8, 0, 0, 0)));
    expect(unaligned.read()).toMatchObject({ type: 'handshake', message: { type: 2 } });
    expect(tlsErrorOf(() => unaligned.installKeys(keysFor(tls13)))).toMatchObject({
      alert: 'unexpected_message',
    });

    const aligned = new RecordReader();
    aligned.push(rawRecord(22, 0x0303, Uint8Array.of(2, 0, 0, 0)));
    expect(aligned.read()).toMatchObject({ type: 'handshake' });
    aligned.installKeys(keysFor(tls13));
    expect(aligned.isProtected).toBe(true);
  });

  it('drops exactly one compatibility change_cipher_spec when allowed (TLS 1.3)', () => {
    const ccs = rawRecord(20, 0x0303, Uint8Array.of(1));
    const reader = new RecordReader();
    reader.setVersion('TLS1.3');
    reader.allowCompatibilityCcs = true;
    reader.push(ccs);
    expect(reader.read()).toBeUndefined();
    // Also after handshake keys are installed (it is never protected).
    reader.installKeys(keysFor(tls13));
    expect(errorFor(reader, ccs)).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_UNEXPECTED_CCS',
    });
  });

  it('rejects a TLS 1.3 change_cipher_spec when not allowed or not 0x01', () => {
    const notAllowed = new RecordReader();
    notAllowed.setVersion('TLS1.3');
    expect(errorFor(notAllowed, rawRecord(20, 0x0303, Uint8Array.of(1)))).toMatchObject({
      alert: 'unexpected_message',
    });
    for (const body of [Uint8Array.of(2), Uint8Array.of(1, 1), new Uint8Array(0)]) {
      const reader = new RecordReader();
      reader.setVersion('TLS1.3');
      reader.allowCompatibilityCcs = true;
      expect(errorFor(reader, rawRecord(20, 0x0303, body))).toMatchObject({
        alert: 'unexpected_message',
      });
    }
  });

  it('surfaces the TLS 1.2 change_cipher_spec and checks its body', () => {
    const reader = new RecordReader();
    reader.setVersion('TLS1.2');
    reader.push(rawRecord(20, 0x0303, Uint8Array.of(1)));
    expect(readAll(reader)).toEqual([{ type: 'change_cipher_spec' }]);
    const bad = new RecordReader();
    bad.setVersion('TLS1.2');
    expect(errorFor(bad, rawRecord(20, 0x0303, Uint8Array.of(2)))).toMatchObject({
      alert: 'decode_error',
    });
  });

  it('tolerates 32 empty records in a row, not 33', () => {
    const keys = keysFor(tls13, 1);
    const empty = (seq: number) => sealTls13(keys, BigInt(seq), Uint8Array.of(23));
    const emptyRecords = Array.from({ length: 33 }, (_, i) => empty(i));
    const ok = protectedReader();
    ok.push(concatBytes(...emptyRecords.slice(0, 32)));
    expect(readAll(ok)).toEqual([]);
    expect(errorFor(protectedReader(), concatBytes(...emptyRecords))).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_TOO_MANY_EMPTY',
    });
    // A record with data resets the count.
    const mixed = [...emptyRecords.slice(0, 32), sealTls13(keys, 32n, Uint8Array.of(7, 23))];
    for (let i = 33; i < 60; i++) mixed.push(empty(i));
    const reset = protectedReader();
    reset.push(concatBytes(...mixed));
    expect(readAll(reset)).toEqual([{ type: 'application_data', data: Uint8Array.of(7) }]);
  });

  it('surfaces TLS 1.2 warnings, and fails on the sixth in a row', () => {
    const reader = new RecordReader();
    reader.setVersion('TLS1.2');
    const warning = rawRecord(21, 0x0303, Uint8Array.of(1, 112)); // unrecognized_name
    reader.push(concatBytes(warning, warning, warning, warning, warning));
    const events = readAll(reader);
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({ alert: { kind: 'warning', name: 'unrecognized_name' } });
    expect(errorFor(reader, warning)).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_TOO_MANY_WARNINGS',
    });
  });

  it('ignores everything after close_notify', () => {
    const writer = new RecordWriter();
    writer.installKeys(keysFor(tls13, 1));
    writer.writeCloseNotify();
    writer.writeApplicationData(pattern(10));
    const reader = protectedReader();
    reader.push(writer.takeOutput());
    expect(readAll(reader)).toMatchObject([{ type: 'alert', alert: { kind: 'close_notify' } }]);
    reader.push(Uint8Array.of(1, 2, 3));
    expect(reader.read()).toBeUndefined();
  });
});

describe('RecordReader: skipping rejected early data (RFC 8446 §4.2.10)', () => {
  const early = keysFor(tls13, 50); // client_early_traffic_secret keys the server refuses to use
  const handshake = keysFor(tls13, 51);

  function earlyRecords(count: number, size: number): Uint8Array {
    const w = new RecordWriter();
    w.installKeys(early);
    for (let i = 0; i < count; i++) w.writeApplicationData(pattern(size, i));
    return w.takeOutput();
  }

  function finished(): Uint8Array {
    const w = new RecordWriter();
    w.installKeys(handshake);
    w.writeHandshake(Uint8Array.of(20, 0, 0, 2, 7, 7));
    return w.takeOutput();
  }

  it('drops records that do not decrypt, then reads the Finished at sequence 0', () => {
    const reader = new RecordReader();
    reader.setVersion('TLS1.3');
    reader.allowCompatibilityCcs = true;
    reader.installKeys(handshake);
    reader.skipEarlyData(1000);
    reader.push(
      concatBytes(rawRecord(20, 0x0303, Uint8Array.of(1)), earlyRecords(3, 300), finished()),
    );
    expect(readAll(reader)).toMatchObject([{ type: 'handshake', message: { type: 20 } }]);
    expect(reader.skippingEarlyData).toBe(false);
    expect(reader.sequence).toBe(1n);
  });

  it('fails beyond max_early_data_size', () => {
    const reader = new RecordReader();
    reader.installKeys(handshake);
    reader.skipEarlyData(899);
    expect(errorFor(reader, earlyRecords(3, 300))).toMatchObject({
      alert: 'unexpected_message',
      code: 'RECORD_TOO_MUCH_EARLY_DATA',
    });
  });

  it('after a HelloRetryRequest, drops protected records until the new ClientHello', () => {
    const reader = new RecordReader();
    reader.setVersion('TLS1.3');
    reader.skipEarlyData(1000);
    reader.push(
      concatBytes(earlyRecords(2, 100), rawRecord(22, 0x0303, Uint8Array.of(1, 0, 0, 0))),
    );
    expect(readAll(reader)).toMatchObject([{ type: 'handshake', message: { type: 1 } }]);
    expect(reader.skippingEarlyData).toBe(false);
  });

  it('after a HelloRetryRequest, skips full-size early data records (2^14 + 17 bytes) too', () => {
    const reader = new RecordReader();
    reader.setVersion('TLS1.3');
    reader.skipEarlyData(2 * 16384);
    reader.push(
      concatBytes(earlyRecords(2, 16384), rawRecord(22, 0x0303, Uint8Array.of(1, 0, 0, 0))),
    );
    expect(readAll(reader)).toMatchObject([{ type: 'handshake', message: { type: 1 } }]);
    expect(reader.skippingEarlyData).toBe(false);
    // Skipping over, plaintext records are held to 2^14 again.
    reader.push(rawRecord(22, 0x0303, new Uint8Array(16385)));
    expect(() => reader.read()).toThrowError(expect.objectContaining({ alert: 'record_overflow' }));
  });

  it('stops skipping after the first good record: a later bad one is bad_record_mac', () => {
    const reader = new RecordReader();
    reader.installKeys(handshake);
    reader.skipEarlyData(1000);
    expect(errorFor(reader, concatBytes(finished(), earlyRecords(1, 10)))).toMatchObject({
      alert: 'bad_record_mac',
    });
  });
});
