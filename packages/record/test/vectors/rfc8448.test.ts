/**
 * RFC 8448 §3 "Simple 1-RTT Handshake": the trace's protected records are
 * opened with the keys derived from its published traffic secrets, and the
 * records Strata writes with the same keys are byte-for-byte the trace's.
 * TLS_AES_128_GCM_SHA256 on the real (noble) provider.
 */
import { CipherSuiteCode, cipherSuiteByCode, nobleProvider } from '@strata/crypto';
import { concatBytes, fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  deriveTrafficKeys,
  type ReadEvent,
  RecordReader,
  RecordWriter,
  tls13Keys,
} from '../../src/index.js';

const suite = cipherSuiteByCode(nobleProvider, CipherSuiteCode.TLS_AES_128_GCM_SHA256)!;

// Traffic secrets, §3.
const SERVER_HS_SECRET = fromHex(
  'b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38',
);
const CLIENT_HS_SECRET = fromHex(
  'b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21',
);
const SERVER_AP_SECRET = fromHex(
  'a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43',
);
const CLIENT_AP_SECRET = fromHex(
  '9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5',
);

// The server's encrypted flight: EncryptedExtensions, Certificate, CertificateVerify, Finished.
const SERVER_FLIGHT_RECORD = fromHex(`
17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35edf7869fcf40aa40aa2b8ea73f848a7ca
07612ef9f945cb960b4068905123ea78b111b429ba9191cd05d2a389280f526134aadc7fc78c4b729df828b5ecf7b13b
d9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183ef3ab20e37d57a6b9d7477609aee6e122a4cf51427325250c
7d0e509289444c9b3a648f1d71035d2ed65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd61092
8d809810e4b7ed1a8fd991f06aa6248204797e36a6a73b70a2559c09ead686945ba246ab66e5edd8044b4c6de3fcf2a8
9441ac66272fd8fb330ef8190579b3684596c960bd596eea520a56a8d650f563aad27409960dca63d3e688611ea5e22f
4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26f59ecaba9acbbb317b66d902f4f292a3
6ac1b639c637ce343117b659622245317b49eeda0c6258f100d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e
1b7a6c7178af36879018e3f252107f243d243dc7339d5684c8b0378bf30244da8c87c843f5e56eb4c5e8280a2b48052c
f93b16499a66db7cca71e4599426f7d461e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe
5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb992f2b992f67f8afe67f76913fa388cb
5630c8ca01e0c65d11c66a1e2ac4c85977b7c7a6999bbf10dc35ae69f5515614636c0b9b68c19ed2e31c0b3b66763038
ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f60f0504de93b5b845e275592c12335ee340bbc4fddd50278
4016e4b3be7ef04dda49f4b440a30cb5d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e
750edc53370d2b`);

const ENCRYPTED_EXTENSIONS = fromHex(
  '080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000',
);
const CERTIFICATE = fromHex(`
0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a
06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a
0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d98
0836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced4312
0998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d0
3e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b060355
1d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f
8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102
702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8
f8961229ac9187b42b4de10000`);
const CERTIFICATE_VERIFY = fromHex(`
0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d3
3a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c
9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3`);
const SERVER_FINISHED = fromHex(
  '140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718',
);

const CLIENT_FINISHED_RECORD = fromHex(
  '170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1caeacab6867d726c40546',
);
const NEW_SESSION_TICKET_RECORD = fromHex(`
17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d41d6af8f6b580dcf3d11d63c758db289a
015940252f55713e061dc13e078891a38efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e0
9c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406f16e3fc181a77ca475840025db2f0a77
f81b5ab05b94c01346755f69232c86519d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74
bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf15985684f`);
/** Both sides send the 50 bytes 00 01 .. 31. */
const APP_DATA = Uint8Array.from({ length: 50 }, (_, i) => i);
const CLIENT_APP_DATA_RECORD = fromHex(
  '1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4',
);
const SERVER_APP_DATA_RECORD = fromHex(
  '17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d',
);
const CLIENT_CLOSE_NOTIFY_RECORD = fromHex('1703030013c9872760655666b74d7ff1153efd6db6d0b0e3');
const SERVER_CLOSE_NOTIFY_RECORD = fromHex('1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9');

function readAll(reader: RecordReader): ReadEvent[] {
  const events: ReadEvent[] = [];
  for (let ev = reader.read(); ev; ev = reader.read()) events.push(ev);
  return events;
}

describe('RFC 8448 §3 simple 1-RTT handshake records', () => {
  it('derives the published write keys and IVs from the traffic secrets', () => {
    expect(toHex(deriveTrafficKeys(suite, SERVER_HS_SECRET).key)).toBe(
      '3fce516009c21727d0f2e4e86ee403bc',
    );
    expect(toHex(deriveTrafficKeys(suite, SERVER_HS_SECRET).iv)).toBe('5d313eb2671276ee13000b30');
    expect(toHex(deriveTrafficKeys(suite, CLIENT_HS_SECRET).key)).toBe(
      'dbfaa693d1762c5b666af5d950258d01',
    );
    expect(toHex(deriveTrafficKeys(suite, CLIENT_HS_SECRET).iv)).toBe('5bd3c71b836e0b76bb73265f');
    expect(toHex(deriveTrafficKeys(suite, SERVER_AP_SECRET).key)).toBe(
      '9f02283b6c9c07efc26bb9f2ac92e356',
    );
    expect(toHex(deriveTrafficKeys(suite, SERVER_AP_SECRET).iv)).toBe('cf782b88dd83549aadf1e984');
    expect(toHex(deriveTrafficKeys(suite, CLIENT_AP_SECRET).key)).toBe(
      '17422dda596ed5d9acd890e3c63f5051',
    );
    expect(toHex(deriveTrafficKeys(suite, CLIENT_AP_SECRET).iv)).toBe('5b78923dee08579033e523d9');
  });

  it('opens the server flight into EncryptedExtensions, Certificate, CertificateVerify, Finished', () => {
    const reader = new RecordReader();
    reader.setVersion('TLS1.3');
    reader.installKeys(tls13Keys(suite, SERVER_HS_SECRET));
    reader.push(SERVER_FLIGHT_RECORD);
    const events = readAll(reader);
    expect(events.map((e) => (e.type === 'handshake' ? toHex(e.message.encoded) : e.type))).toEqual(
      [ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY, SERVER_FINISHED].map(toHex),
    );
    expect(reader.sequence).toBe(1n);
  });

  it('writes the server flight byte for byte as one coalesced record', () => {
    const writer = new RecordWriter();
    writer.installKeys(tls13Keys(suite, SERVER_HS_SECRET));
    writer.writeHandshake([ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY, SERVER_FINISHED]);
    expect(toHex(writer.takeOutput())).toBe(toHex(SERVER_FLIGHT_RECORD));
  });

  it('opens the client Finished and writes it identically', () => {
    const reader = new RecordReader();
    reader.installKeys(tls13Keys(suite, CLIENT_HS_SECRET));
    reader.push(CLIENT_FINISHED_RECORD);
    const [finished, ...rest] = readAll(reader);
    expect(rest).toEqual([]);
    if (finished?.type !== 'handshake') throw new Error('expected a handshake message');
    expect(finished.message.type).toBe(20);
    expect(finished.message.body.length).toBe(32);

    const writer = new RecordWriter();
    writer.installKeys(tls13Keys(suite, CLIENT_HS_SECRET));
    writer.writeHandshake(finished.message.encoded);
    expect(toHex(writer.takeOutput())).toBe(toHex(CLIENT_FINISHED_RECORD));
  });

  it('reads the server application stream: NewSessionTicket, data, close_notify', () => {
    const reader = new RecordReader();
    reader.installKeys(tls13Keys(suite, SERVER_AP_SECRET));
    reader.push(
      concatBytes(NEW_SESSION_TICKET_RECORD, SERVER_APP_DATA_RECORD, SERVER_CLOSE_NOTIFY_RECORD),
    );
    const events = readAll(reader);
    expect(events).toHaveLength(3);
    const [ticket, data, alert] = events;
    if (ticket?.type !== 'handshake') throw new Error('expected NewSessionTicket');
    expect(ticket.message.type).toBe(4);
    expect(ticket.message.body.length).toBe(0xc9);
    expect(data).toEqual({ type: 'application_data', data: APP_DATA });
    if (alert?.type !== 'alert') throw new Error('expected an alert');
    expect(alert.alert).toMatchObject({ level: 1, description: 0, kind: 'close_notify' });
    expect(reader.closed).toBe(true);
  });

  it('writes the client application data and close_notify byte for byte', () => {
    const writer = new RecordWriter();
    writer.installKeys(tls13Keys(suite, CLIENT_AP_SECRET));
    writer.writeApplicationData(APP_DATA);
    writer.writeCloseNotify();
    expect(toHex(writer.takeOutput())).toBe(
      toHex(concatBytes(CLIENT_APP_DATA_RECORD, CLIENT_CLOSE_NOTIFY_RECORD)),
    );
  });

  it('writes the server application data at sequence 1 byte for byte', () => {
    const writer = new RecordWriter();
    writer.installKeys(tls13Keys(suite, SERVER_AP_SECRET), { sequence: 1n });
    writer.writeApplicationData(APP_DATA);
    writer.writeAlert(0);
    expect(toHex(writer.takeOutput())).toBe(
      toHex(concatBytes(SERVER_APP_DATA_RECORD, SERVER_CLOSE_NOTIFY_RECORD)),
    );
  });

  it('rejects the trace records under the wrong keys or sequence with bad_record_mac', () => {
    const wrongKeys = new RecordReader();
    wrongKeys.installKeys(tls13Keys(suite, CLIENT_AP_SECRET));
    wrongKeys.push(SERVER_APP_DATA_RECORD);
    expect(() => wrongKeys.read()).toThrow(expect.objectContaining({ alert: 'bad_record_mac' }));

    const wrongSequence = new RecordReader();
    wrongSequence.installKeys(tls13Keys(suite, SERVER_AP_SECRET));
    wrongSequence.push(SERVER_APP_DATA_RECORD); // was sent at sequence 1
    expect(() => wrongSequence.read()).toThrow(
      expect.objectContaining({ alert: 'bad_record_mac' }),
    );
  });
});
