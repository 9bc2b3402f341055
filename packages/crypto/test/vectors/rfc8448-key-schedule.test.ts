/**
 * RFC 8448 §3 "Simple 1-RTT Handshake": the TLS 1.3 key schedule of
 * TLS_AES_128_GCM_SHA256 with x25519, step by step, through
 * `hkdfExpandLabel` and `deriveSecret` on the provider's SHA-256.
 *
 * The transcript hashes are those of the trace's messages: the first one is
 * recomputed here from the ClientHello and ServerHello bytes of the trace.
 */
import { concatBytes, fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { nobleHashes } from '../../src/hash/noble-hashes.js';
import { deriveSecret, hkdfExpandLabel } from '../../src/kdf/tls13.js';
import type { HashAlgorithm } from '../../src/types.js';

const sha256 = nobleHashes.sha256;
const EMPTY = new Uint8Array(0);

const CLIENT_HELLO = fromHex(`
  01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d
  ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7 00 00 06 13 01 13
  03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72
  ff 01 00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01
  01 01 02 01 03 01 04 00 23 00 00 00 33 00 26 00 24 00 1d 00 20 99
  38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae
  4d 54 13 69 1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e
  04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01 05 01 06 01 02 01
  04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01`);

const SERVER_HELLO = fromHex(`
  02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95
  93 0c 8a c5 cb 14 34 da c1 55 77 2e d3 e2 69 28 00 13 01 00 00 2e
  00 33 00 24 00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6
  72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02
  03 04`);

/** The x25519 shared secret ("{server} extract secret handshake", IKM). */
const ECDHE = fromHex('8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d');

/** Transcript-Hash(ClientHello..ServerHello). */
const TH_SERVER_HELLO = '860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8';
/** Transcript-Hash(ClientHello..CertificateVerify): the server Finished context. */
const TH_CERTIFICATE_VERIFY = 'edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed';
/** Transcript-Hash(ClientHello..server Finished). */
const TH_SERVER_FINISHED = '9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13';
/** Transcript-Hash(ClientHello..client Finished). */
const TH_CLIENT_FINISHED = '209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d';

const expected = {
  early: '33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a',
  derivedForHandshake: '6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba',
  handshake: '1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac',
  cHsTraffic: 'b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21',
  sHsTraffic: 'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38',
  derivedForMaster: '43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4',
  master: '18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919',
  cApTraffic: '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5',
  sApTraffic: 'a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643',
  expMaster: 'fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50',
  resMaster: '7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c',
  serverHsKey: '3fce516009c21727d0f2e4e86ee403bc',
  serverHsIv: '5d313eb2671276ee13000b30',
  clientHsKey: 'dbfaa693d1762c5b666af5d950258d01',
  clientHsIv: '5bd3c71b836e0b76bb73265f',
  serverApKey: '9f02283b6c9c07efc26bb9f2ac92e356',
  serverApIv: 'cf782b88dd83549aadf1e984',
  clientApKey: '17422dda596ed5d9acd890e3c63f5051',
  clientApIv: '5b78923dee08579033e523d9',
  serverFinishedKey: '008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8',
  serverVerifyData: '9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718',
  clientFinishedKey: 'b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4',
  clientVerifyData: 'a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61',
  resumptionPsk: '4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3',
};

describe('RFC 8448 §3 simple 1-RTT key schedule (SHA-256)', () => {
  const emptyHash = sha256.digest(EMPTY);
  const early = sha256.hkdfExtract(new Uint8Array(32), new Uint8Array(32));
  const derivedForHandshake = deriveSecret(sha256, early, 'derived', emptyHash);
  const handshake = sha256.hkdfExtract(derivedForHandshake, ECDHE);
  const cHsTraffic = deriveSecret(sha256, handshake, 'c hs traffic', fromHex(TH_SERVER_HELLO));
  const sHsTraffic = deriveSecret(sha256, handshake, 's hs traffic', fromHex(TH_SERVER_HELLO));
  const derivedForMaster = deriveSecret(sha256, handshake, 'derived', emptyHash);
  const master = sha256.hkdfExtract(derivedForMaster, new Uint8Array(32));

  it('the transcript hash through ServerHello is that of the trace messages', () => {
    const transcript = sha256.create().update(CLIENT_HELLO).update(SERVER_HELLO);
    expect(toHex(transcript.digest())).toBe(TH_SERVER_HELLO);
    expect(toHex(sha256.digest(concatBytes(CLIENT_HELLO, SERVER_HELLO)))).toBe(TH_SERVER_HELLO);
  });

  it('early secret', () => {
    expect(toHex(early)).toBe(expected.early);
  });

  it('derive secret for handshake "tls13 derived", then the handshake secret', () => {
    expect(toHex(derivedForHandshake)).toBe(expected.derivedForHandshake);
    expect(toHex(handshake)).toBe(expected.handshake);
  });

  it('client and server handshake traffic secrets', () => {
    expect(toHex(cHsTraffic)).toBe(expected.cHsTraffic);
    expect(toHex(sHsTraffic)).toBe(expected.sHsTraffic);
  });

  it('derive secret for master "tls13 derived", then the master secret', () => {
    expect(toHex(derivedForMaster)).toBe(expected.derivedForMaster);
    expect(toHex(master)).toBe(expected.master);
  });

  it('client and server application traffic secrets, exporter master secret', () => {
    const th = fromHex(TH_SERVER_FINISHED);
    expect(toHex(deriveSecret(sha256, master, 'c ap traffic', th))).toBe(expected.cApTraffic);
    expect(toHex(deriveSecret(sha256, master, 's ap traffic', th))).toBe(expected.sApTraffic);
    expect(toHex(deriveSecret(sha256, master, 'exp master', th))).toBe(expected.expMaster);
  });

  it('resumption master secret and the ticket PSK ("resumption", nonce 00 00)', () => {
    const resMaster = deriveSecret(sha256, master, 'res master', fromHex(TH_CLIENT_FINISHED));
    expect(toHex(resMaster)).toBe(expected.resMaster);
    expect(toHex(hkdfExpandLabel(sha256, resMaster, 'resumption', fromHex('0000'), 32))).toBe(
      expected.resumptionPsk,
    );
  });

  it('handshake traffic keys and IVs ("key", "iv")', () => {
    expect(toHex(hkdfExpandLabel(sha256, sHsTraffic, 'key', EMPTY, 16))).toBe(expected.serverHsKey);
    expect(toHex(hkdfExpandLabel(sha256, sHsTraffic, 'iv', EMPTY, 12))).toBe(expected.serverHsIv);
    expect(toHex(hkdfExpandLabel(sha256, cHsTraffic, 'key', EMPTY, 16))).toBe(expected.clientHsKey);
    expect(toHex(hkdfExpandLabel(sha256, cHsTraffic, 'iv', EMPTY, 12))).toBe(expected.clientHsIv);
  });

  it('application traffic keys and IVs', () => {
    const th = fromHex(TH_SERVER_FINISHED);
    const cAp = deriveSecret(sha256, master, 'c ap traffic', th);
    const sAp = deriveSecret(sha256, master, 's ap traffic', th);
    expect(toHex(hkdfExpandLabel(sha256, sAp, 'key', EMPTY, 16))).toBe(expected.serverApKey);
    expect(toHex(hkdfExpandLabel(sha256, sAp, 'iv', EMPTY, 12))).toBe(expected.serverApIv);
    expect(toHex(hkdfExpandLabel(sha256, cAp, 'key', EMPTY, 16))).toBe(expected.clientApKey);
    expect(toHex(hkdfExpandLabel(sha256, cAp, 'iv', EMPTY, 12))).toBe(expected.clientApIv);
  });

  it('Finished keys ("finished") and verify_data = HMAC(finished_key, transcript hash)', () => {
    const serverKey = hkdfExpandLabel(sha256, sHsTraffic, 'finished', EMPTY, 32);
    expect(toHex(serverKey)).toBe(expected.serverFinishedKey);
    expect(toHex(sha256.hmac(serverKey, fromHex(TH_CERTIFICATE_VERIFY)))).toBe(
      expected.serverVerifyData,
    );
    const clientKey = hkdfExpandLabel(sha256, cHsTraffic, 'finished', EMPTY, 32);
    expect(toHex(clientKey)).toBe(expected.clientFinishedKey);
    expect(toHex(sha256.hmac(clientKey, fromHex(TH_SERVER_FINISHED)))).toBe(
      expected.clientVerifyData,
    );
  });

  it('encodes HkdfLabel as the trace shows it (the "info" lines)', () => {
    const infos: string[] = [];
    const spy: HashAlgorithm = {
      ...sha256,
      hkdfExpand: (prk, info, length) => {
        infos.push(toHex(info));
        return sha256.hkdfExpand(prk, info, length);
      },
    };
    deriveSecret(spy, early, 'derived', emptyHash);
    hkdfExpandLabel(spy, sHsTraffic, 'key', EMPTY, 16);
    hkdfExpandLabel(spy, sHsTraffic, 'iv', EMPTY, 12);
    expect(infos).toEqual([
      // uint16 32 ‖ <13> "tls13 derived" ‖ <32> Hash("")
      `0020 0d 746c7331332064657269766564 20 ${toHex(emptyHash)}`.replaceAll(' ', ''),
      // uint16 16 ‖ <9> "tls13 key" ‖ <0>
      '0010 09 746c733133206b6579 00'.replaceAll(' ', ''),
      // uint16 12 ‖ <8> "tls13 iv" ‖ <0>
      '000c 08 746c733133206976 00'.replaceAll(' ', ''),
    ]);
  });

  it('refuses a transcript hash of the wrong length and oversized labels', () => {
    expect(() => deriveSecret(sha256, early, 'derived', new Uint8Array(48))).toThrow(RangeError);
    expect(() => hkdfExpandLabel(sha256, early, 'x'.repeat(250), EMPTY, 32)).toThrow(RangeError);
    expect(() => hkdfExpandLabel(sha256, early, '', EMPTY, 32)).toThrow(RangeError);
    expect(() => hkdfExpandLabel(sha256, early, 'key', new Uint8Array(256), 32)).toThrow(
      RangeError,
    );
    expect(hkdfExpandLabel(sha256, early, 'x'.repeat(249), new Uint8Array(255), 32)).toHaveLength(
      32,
    );
  });
});
