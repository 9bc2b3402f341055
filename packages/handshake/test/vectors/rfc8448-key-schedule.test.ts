// RFC 8448 §3 (simple 1-RTT) and §4 (resumed) key schedule values, driven
// through the typed key schedule chain of src/tls13/key-schedule.ts.
import { nobleProvider } from '@strata/crypto';
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { KeyScheduleEarly, resumptionPsk } from '../../src/tls13/key-schedule.js';
import type { SecretKindName } from '../../src/tls13/secret-labels.js';

const sha256 = nobleProvider.hashes.sha256;
const hex = (s: string) => toHex(fromHex(s));

const ecdhe = fromHex(
  '8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef d4 62 72 90 0f 89 49 2d',
);
const helloHash = fromHex(
  '86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8',
);
const serverFinishedHash = fromHex(
  '96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41 7b 1a 00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13',
);
const clientFinishedHash = fromHex(
  '20 91 45 a9 6e e8 e2 a1 22 ff 81 00 47 cc 95 26 84 65 8d 60 49 e8 64 29 42 6d b8 7c 54 ad 14 3d',
);

describe('RFC 8448 §3 simple 1-RTT key schedule', () => {
  it('derives every secret of the trace through the typed chain', () => {
    const seen: SecretKindName[] = [];
    const early = KeyScheduleEarly.start(sha256, undefined, (kind) => seen.push(kind));
    const handshake = early.intoHandshake(ecdhe, helloHash);
    expect(toHex(handshake.clientHandshakeTrafficSecret)).toBe(
      hex(
        'b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21',
      ),
    );
    expect(toHex(handshake.serverHandshakeTrafficSecret)).toBe(
      hex(
        'b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38',
      ),
    );
    const traffic = handshake.intoTraffic(serverFinishedHash);
    expect(toHex(traffic.clientApplicationTrafficSecret)).toBe(
      hex(
        '9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5',
      ),
    );
    expect(toHex(traffic.serverApplicationTrafficSecret)).toBe(
      hex(
        'a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43',
      ),
    );
    expect(toHex(traffic.exporterMasterSecret)).toBe(
      hex(
        'fe 22 f8 81 17 6e da 18 eb 8f 44 52 9e 67 92 c5 0c 9a 3f 89 45 2f 68 d8 ae 31 1b 43 09 d3 cf 50',
      ),
    );
    const rms = traffic.resumptionMasterSecret(clientFinishedHash);
    expect(toHex(rms)).toBe(
      hex(
        '7d f2 35 f2 03 1d 2a 05 12 87 d0 2b 02 41 b0 bf da f8 6c c8 56 23 1f 2d 5a ba 46 c4 34 ec 19 6c',
      ),
    );
    // The ticket of §3 has nonce 00 00; its PSK is the one §4 resumes with.
    expect(toHex(resumptionPsk(sha256, rms, fromHex('0000')))).toBe(
      hex(
        '4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3',
      ),
    );
    expect(seen).toEqual([
      'clientHandshakeTraffic',
      'serverHandshakeTraffic',
      'clientApplicationTraffic',
      'serverApplicationTraffic',
      'exporterMaster',
      'resumptionMaster',
    ]);
  });
});

describe('RFC 8448 §4 resumed handshake', () => {
  it('derives the resumption binder key from the PSK', () => {
    const psk = fromHex(
      '4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3',
    );
    const early = KeyScheduleEarly.start(sha256, psk);
    expect(toHex(early.binderKey('resumption'))).toBe(
      hex(
        '69 fe 13 1a 3b ba d5 d6 3c 64 ee bc c3 0e 39 5b 9d 81 07 72 6a 13 d0 74 e3 89 db c8 a4 e4 72 56',
      ),
    );
  });
});
