/**
 * What the RFC 8448 trace peers (NSS) do that Strata's engines do not do on
 * their own, as MessageHooks edits, and the small helpers the trace replays
 * share: hex with spaces, randomness replayed from the trace, a record header.
 */
import type { Random } from '@strata/crypto';
import { seededRandom } from '@strata/crypto/testing';
import { parseCertificate } from '@strata/pki';
import { concatBytes, fromHex } from '@strata/wire';
import type { ClientHello } from '../../src/msgs/client-hello.js';
import type { EncryptedExtensions } from '../../src/msgs/encrypted-extensions.js';
import type { ClientHelloExtension } from '../../src/msgs/extensions/contexts.js';
import * as trace from './rfc8448.js';
import * as keys from './rfc8448-keys.js';

/** Hex as the RFC prints it (spaces and line breaks allowed). */
export const h = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''));

/** The trace's time: its tickets are issued and used on 2018-01-01. */
export const TRACE_TIME = Date.UTC(2018, 0, 1);

/** The trace client's supported_groups: also secp521r1 and the FFDHE groups. */
export const TRACE_GROUPS = [
  0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
];
/** The trace client's signature_algorithms: also DSA and SHA-1 schemes. */
export const TRACE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402,
  0x0502, 0x0602, 0x0202,
];

export interface TraceClientHelloOptions {
  /** Replace supported_groups with TRACE_GROUPS (all but §5, whose client offers its own). */
  readonly groups?: boolean;
  /** An empty session_ticket (35) after supported_groups (§3). */
  readonly sessionTicket?: boolean;
  /** early_data after key_share (§4). */
  readonly earlyData?: boolean;
}

/**
 * A clientHello hook giving the trace client's extra offers: TRACE_SCHEMES,
 * renegotiation_info after server_name, and per `options` the groups,
 * session_ticket and early_data.
 */
export function traceClientHello(
  options: TraceClientHelloOptions = {},
): (ch: ClientHello) => ClientHello {
  const { groups = true, sessionTicket = false, earlyData = false } = options;
  return (ch) => {
    const out: ClientHelloExtension[] = [];
    for (const e of ch.extensions) {
      if (e.kind === 'supported_groups' && groups) {
        out.push({ kind: 'supported_groups', value: TRACE_GROUPS });
      } else if (e.kind === 'signature_algorithms') {
        out.push({ kind: 'signature_algorithms', value: TRACE_SCHEMES });
      } else {
        out.push(e);
      }
      if (e.kind === 'supported_groups' && sessionTicket)
        out.push({ kind: 'opaque', type: 0x0023, data: new Uint8Array(0) });
      if (e.kind === 'server_name')
        out.push({ kind: 'renegotiation_info', value: new Uint8Array(0) });
      if (e.kind === 'key_share' && earlyData) out.push({ kind: 'early_data', value: null });
    }
    return { ...ch, extensions: out };
  };
}

/** An encryptedExtensions hook: the trace server lists its supported_groups first. */
export function traceEncryptedExtensions(ee: EncryptedExtensions): EncryptedExtensions {
  return {
    ...ee,
    extensions: [{ kind: 'supported_groups', value: TRACE_GROUPS }, ...ee.extensions],
  };
}

/** Replays `chunks`, then continues with a seeded stream (for RSA blinding and the like). */
export function replayThen(chunks: Uint8Array[], seed: string): Random {
  const rest = seededRandom(seed);
  let i = 0;
  return (length) => {
    const next = chunks[i];
    if (next !== undefined) {
      if (next.length !== length)
        throw new Error(`random: chunk ${i} has ${next.length} bytes, asked ${length}`);
      i++;
      return next.slice();
    }
    return rest(length);
  };
}

/** A TLSPlaintext record: type, legacy_record_version, length, fragment. */
export const record = (type: number, version: number, fragment: Uint8Array): Uint8Array =>
  concatBytes(
    new Uint8Array([
      type,
      version >> 8,
      version & 0xff,
      fragment.length >> 8,
      fragment.length & 0xff,
    ]),
    fragment,
  );

/** The trace client's settings: its suites in its order, SNI "server", record_size_limit 0x4001. */
export const TRACE_CLIENT = {
  cipherSuites: [0x1301, 0x1303, 0x1302],
  serverName: 'server',
  recordSizeLimit: 0x4001,
};
/** The key shares' groups of the §4, §5 and §7 clients (the §3 client keeps the default). */
export const TRACE_CLIENT_GROUPS = [0x001d, 0x0017, 0x0018];

/** The trace server's certificate (in the §3 Certificate message) with its §2 RSA key. */
export const traceCertifiedKey = () => ({
  chain: [parseCertificate(fromHex(trace.s3Certificate).subarray(11, 11 + 0x1b0))],
  privateKey: {
    key: keys.rsaPrivateKey,
    publicKey: keys.rsaPublicKey,
    format: 'pkcs1' as const,
    pssOnly: false,
  },
});
