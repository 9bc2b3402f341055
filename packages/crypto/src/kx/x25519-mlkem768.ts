import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import type { KeyExchange, KeyExchangeGroup, Random } from '../types.js';
import { draw, expectShareLength, illegalShare, singleUse } from './util.js';
import { x25519PublicKey, x25519Shared } from './x25519.js';

const NAME = 'X25519MLKEM768';
const EK = 1184; // ML-KEM-768 encapsulation key
const CT = 1088; // ML-KEM-768 ciphertext
const X = 32; // X25519 public key
const SEED = 64; // ML-KEM.KeyGen seed d ‖ z (FIPS 203 §7.1)
const MSG = 32; // ML-KEM.Encaps randomness m (FIPS 203 §7.2)

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The hybrid X25519MLKEM768 group (draft-ietf-tls-ecdhe-mlkem, NamedGroup
 * 0x11EC). Unlike the other hybrids of that draft, ML-KEM comes first
 * everywhere:
 *
 *   client share  = ML-KEM-768 encapsulation key (1184) ‖ X25519 public (32)  = 1216 bytes
 *   server share  = ML-KEM-768 ciphertext (1088)        ‖ X25519 public (32)  = 1120 bytes
 *   shared secret = ML-KEM-768 shared secret (32)      ‖ X25519 secret (32)  =   64 bytes
 *
 * Randomness, in the order it is drawn: the client takes the 64-byte
 * ML-KEM key generation seed, then its 32-byte X25519 private key; the
 * server takes the 32-byte encapsulation randomness, then its 32-byte X25519
 * private key. Injecting these bytes makes a run fully deterministic.
 *
 * Validation: wrong share lengths; an encapsulation key that fails the
 * FIPS 203 §7.2 modulus check; a low-order X25519 share. Each is an
 * `illegal_parameter` TlsError. A ciphertext cannot be "invalid" (ML-KEM
 * decapsulation rejects implicitly, giving an unrelated secret), so a
 * tampered server share makes the handshake fail at Finished.
 * Note: @noble/post-quantum does not claim constant-time execution.
 */
export const x25519MlKem768Group: KeyExchangeGroup = /* @__PURE__ */ Object.freeze({
  code: 0x11ec,
  name: NAME,
  opensslName: NAME,
  start(random: Random): KeyExchange {
    const seed = draw(random, SEED).slice();
    const { publicKey: ek, secretKey: dk } = ml_kem768.keygen(seed);
    seed.fill(0);
    const xPriv = draw(random, X).slice();
    const publicKey = concat(ek, x25519PublicKey(xPriv));
    const use = singleUse(NAME);
    return {
      publicKey,
      complete(peerShare: Uint8Array): Uint8Array {
        use();
        try {
          expectShareLength(NAME, peerShare, CT + X);
          const xShared = x25519Shared(xPriv, peerShare.subarray(CT));
          const kemShared = ml_kem768.decapsulate(peerShare.subarray(0, CT), dk);
          return concat(kemShared, xShared);
        } finally {
          dk.fill(0);
          xPriv.fill(0);
        }
      },
    };
  },
  respond(peerShare: Uint8Array, random: Random) {
    expectShareLength(NAME, peerShare, EK + X);
    const ek = peerShare.subarray(0, EK);
    const m = draw(random, MSG).slice();
    let encapsulated: { cipherText: Uint8Array; sharedSecret: Uint8Array };
    try {
      encapsulated = ml_kem768.encapsulate(ek, m);
    } catch {
      return illegalShare(NAME, 'KX_INVALID_KEM_KEY', 'ML-KEM-768 encapsulation key is invalid');
    } finally {
      m.fill(0);
    }
    const xPriv = draw(random, X).slice();
    try {
      const xShared = x25519Shared(xPriv, peerShare.subarray(EK));
      return {
        publicKey: concat(encapsulated.cipherText, x25519PublicKey(xPriv)),
        sharedSecret: concat(encapsulated.sharedSecret, xShared),
      };
    } finally {
      xPriv.fill(0);
    }
  },
});
