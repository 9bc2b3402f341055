import { deriveSecret, type HashAlgorithm, hkdfExpandLabel } from '@strata/crypto';
import { SecretKind, type SecretKindName } from './secret-labels.js';

/** Sees every secret as it is derived (for key logging); never stores them. */
export type SecretObserver = (kind: SecretKindName, secret: Uint8Array) => void;

const EMPTY = new Uint8Array(0);

/**
 * The TLS 1.3 key schedule of RFC 8446 §7.1 as a chain of types: each stage
 * can only be reached from the one before it, with the input that stage
 * needs, so a secret cannot be derived from the wrong transcript point.
 *
 *   KeyScheduleEarly  ──intoHandshake(ecdhe, hash(CH..SH))──►  KeyScheduleHandshake
 *   KeyScheduleHandshake  ──intoTraffic(hash(CH..server Finished))──►  KeyScheduleTraffic
 *
 * Each transition wipes the secret it leaves behind.
 */
export class KeyScheduleEarly {
  readonly hash: HashAlgorithm;
  readonly #earlySecret: Uint8Array;
  readonly #observe: SecretObserver | undefined;
  readonly #zeros: Uint8Array;

  private constructor(hash: HashAlgorithm, earlySecret: Uint8Array, observe?: SecretObserver) {
    this.hash = hash;
    this.#earlySecret = earlySecret;
    this.#observe = observe;
    this.#zeros = new Uint8Array(hash.outputLength);
  }

  /** Early Secret = HKDF-Extract(0, PSK), with PSK = zeros when there is none. */
  static start(hash: HashAlgorithm, psk?: Uint8Array, observe?: SecretObserver): KeyScheduleEarly {
    const ikm = psk ?? new Uint8Array(hash.outputLength);
    return new KeyScheduleEarly(hash, hash.hkdfExtract(new Uint8Array(1), ikm), observe);
  }

  /** binder_key = Derive-Secret(Early Secret, "res binder" | "ext binder", ""). */
  binderKey(kind: 'resumption' | 'external'): Uint8Array {
    const which = kind === 'resumption' ? 'resumptionPskBinder' : 'externalPskBinder';
    return this.#derive(which, this.hash.digest(EMPTY));
  }

  /** client_early_traffic_secret = Derive-Secret(Early Secret, "c e traffic", ClientHello). */
  clientEarlyTrafficSecret(clientHelloHash: Uint8Array): Uint8Array {
    return this.#derive('clientEarlyTraffic', clientHelloHash);
  }

  /** early_exporter_master_secret = Derive-Secret(Early Secret, "e exp master", ClientHello). */
  earlyExporterMasterSecret(clientHelloHash: Uint8Array): Uint8Array {
    return this.#derive('earlyExporterMaster', clientHelloHash);
  }

  /**
   * Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE),
   * with (EC)DHE = zeros for psk_ke. `helloHash` covers ClientHello..ServerHello.
   */
  intoHandshake(sharedSecret: Uint8Array | undefined, helloHash: Uint8Array): KeyScheduleHandshake {
    const salt = deriveSecret(this.hash, this.#earlySecret, 'derived', this.hash.digest(EMPTY));
    const handshakeSecret = this.hash.hkdfExtract(salt, sharedSecret ?? this.#zeros);
    salt.fill(0);
    this.#earlySecret.fill(0);
    return new KeyScheduleHandshake(this.hash, handshakeSecret, helloHash, this.#observe);
  }

  #derive(kind: SecretKindName, transcriptHash: Uint8Array): Uint8Array {
    const secret = deriveSecret(
      this.hash,
      this.#earlySecret,
      SecretKind[kind].label,
      transcriptHash,
    );
    this.#observe?.(kind, secret);
    return secret;
  }
}

export class KeyScheduleHandshake {
  readonly hash: HashAlgorithm;
  /** client_handshake_traffic_secret. */
  readonly clientHandshakeTrafficSecret: Uint8Array;
  /** server_handshake_traffic_secret. */
  readonly serverHandshakeTrafficSecret: Uint8Array;
  readonly #handshakeSecret: Uint8Array;
  readonly #observe: SecretObserver | undefined;

  /** @internal reached through KeyScheduleEarly.intoHandshake */
  constructor(
    hash: HashAlgorithm,
    handshakeSecret: Uint8Array,
    helloHash: Uint8Array,
    observe: SecretObserver | undefined,
  ) {
    this.hash = hash;
    this.#handshakeSecret = handshakeSecret;
    this.#observe = observe;
    this.clientHandshakeTrafficSecret = this.#derive('clientHandshakeTraffic', helloHash);
    this.serverHandshakeTrafficSecret = this.#derive('serverHandshakeTraffic', helloHash);
  }

  /**
   * Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0);
   * `serverFinishedHash` covers ClientHello..server Finished.
   */
  intoTraffic(serverFinishedHash: Uint8Array): KeyScheduleTraffic {
    const salt = deriveSecret(this.hash, this.#handshakeSecret, 'derived', this.hash.digest(EMPTY));
    const masterSecret = this.hash.hkdfExtract(salt, new Uint8Array(this.hash.outputLength));
    salt.fill(0);
    this.#handshakeSecret.fill(0);
    return new KeyScheduleTraffic(this.hash, masterSecret, serverFinishedHash, this.#observe);
  }

  #derive(kind: SecretKindName, transcriptHash: Uint8Array): Uint8Array {
    const secret = deriveSecret(
      this.hash,
      this.#handshakeSecret,
      SecretKind[kind].label,
      transcriptHash,
    );
    this.#observe?.(kind, secret);
    return secret;
  }
}

export class KeyScheduleTraffic {
  readonly hash: HashAlgorithm;
  /** client_application_traffic_secret_0. */
  readonly clientApplicationTrafficSecret: Uint8Array;
  /** server_application_traffic_secret_0. */
  readonly serverApplicationTrafficSecret: Uint8Array;
  /** exporter_master_secret. */
  readonly exporterMasterSecret: Uint8Array;
  readonly #masterSecret: Uint8Array;
  readonly #observe: SecretObserver | undefined;

  /** @internal reached through KeyScheduleHandshake.intoTraffic */
  constructor(
    hash: HashAlgorithm,
    masterSecret: Uint8Array,
    serverFinishedHash: Uint8Array,
    observe: SecretObserver | undefined,
  ) {
    this.hash = hash;
    this.#masterSecret = masterSecret;
    this.#observe = observe;
    this.clientApplicationTrafficSecret = this.#derive(
      'clientApplicationTraffic',
      serverFinishedHash,
    );
    this.serverApplicationTrafficSecret = this.#derive(
      'serverApplicationTraffic',
      serverFinishedHash,
    );
    this.exporterMasterSecret = this.#derive('exporterMaster', serverFinishedHash);
  }

  /**
   * resumption_master_secret = Derive-Secret(Master Secret, "res master",
   * ClientHello..client Finished). The last use of the master secret: it is
   * wiped afterwards.
   */
  resumptionMasterSecret(clientFinishedHash: Uint8Array): Uint8Array {
    const secret = this.#derive('resumptionMaster', clientFinishedHash);
    this.#masterSecret.fill(0);
    return secret;
  }

  #derive(kind: SecretKindName, transcriptHash: Uint8Array): Uint8Array {
    const secret = deriveSecret(
      this.hash,
      this.#masterSecret,
      SecretKind[kind].label,
      transcriptHash,
    );
    this.#observe?.(kind, secret);
    return secret;
  }
}

/** finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length); verify_data = HMAC(finished_key, transcript). */
export function finishedVerifyData(
  hash: HashAlgorithm,
  baseKey: Uint8Array,
  transcriptHash: Uint8Array,
): Uint8Array {
  const finishedKey = hkdfExpandLabel(hash, baseKey, 'finished', EMPTY, hash.outputLength);
  const verifyData = hash.hmac(finishedKey, transcriptHash);
  finishedKey.fill(0);
  return verifyData;
}

/** application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length), §7.2. */
export function nextTrafficSecret(hash: HashAlgorithm, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, 'traffic upd', EMPTY, hash.outputLength);
}

/** PSK for a ticket = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length), §4.6.1. */
export function resumptionPsk(
  hash: HashAlgorithm,
  resumptionMasterSecret: Uint8Array,
  ticketNonce: Uint8Array,
): Uint8Array {
  return hkdfExpandLabel(
    hash,
    resumptionMasterSecret,
    'resumption',
    ticketNonce,
    hash.outputLength,
  );
}

/**
 * TLS-Exporter(label, context_value, key_length) =
 *   HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length)
 * (RFC 8446 §7.5). An absent context hashes as the empty string, as OpenSSL does for TLS 1.3.
 */
export function exportKeyingMaterial(
  hash: HashAlgorithm,
  exporterSecret: Uint8Array,
  label: string,
  context: Uint8Array | undefined,
  length: number,
): Uint8Array {
  const perLabel = deriveSecret(hash, exporterSecret, label, hash.digest(EMPTY));
  const out = hkdfExpandLabel(hash, perLabel, 'exporter', hash.digest(context ?? EMPTY), length);
  perLabel.fill(0);
  return out;
}
