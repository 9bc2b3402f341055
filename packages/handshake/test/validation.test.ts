// One negative test per validation rule of RFC 8446 (§4, §6.2, §9.3): a
// crafted or altered message goes in, and the test asserts the alert the
// engine sends.
import { nobleProvider } from '@strata/crypto';
import { concatBytes, encode, fromHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../src/client/connection.js';
import type { ClientConfig, ServerConfig } from '../src/config.js';
import type { Connection } from '../src/engine/connection.js';
import type { ClientHello } from '../src/msgs/client-hello.js';
import type { ClientHelloExtension } from '../src/msgs/extensions/contexts.js';
import {
  type Decoded,
  encodeHandshakeMessage,
  type HandshakeMessage,
} from '../src/msgs/handshake-message.js';
import { DOWNGRADE_SENTINEL_TLS12 } from '../src/msgs/random.js';
import type { HelloRetryRequest, ServerHello } from '../src/msgs/server-hello.js';
import { ServerConnection } from '../src/server/connection.js';
import { finishedVerifyData } from '../src/tls13/key-schedule.js';
import { certificateVerifyContent } from '../src/tls13/signed-content.js';
import {
  alertSent,
  certified,
  clientConfig,
  fixture,
  handshake,
  openHandshake,
  pair,
  plaintextMessages,
  plaintextRecord,
  sealHandshake,
  secretsSink,
  serverConfig,
  splitRecords,
  transfer,
  trustStore,
} from './helpers.js';

const sentAlert = (c: Connection) => alertSent(c.takeEvents());

// ---------------------------------------------------------------- server side

function clientHelloOf(config: ClientConfig = clientConfig()): ClientHello {
  const client = new ClientConnection(config);
  return plaintextMessages(client.takeOutput())[0]!.parsed as ClientHello;
}

function serverGets(ch: ClientHello, config: ServerConfig = serverConfig()): ServerConnection {
  const server = new ServerConnection(config);
  server.receive(plaintextRecord([ch], 0x0301));
  return server;
}

const withExtensions = (
  ch: ClientHello,
  f: (e: ClientHelloExtension[]) => ClientHelloExtension[],
): ClientHello => ({ ...ch, extensions: f([...ch.extensions]) });

describe('server validation of the ClientHello', () => {
  it('accepts the unaltered ClientHello (the baseline of this suite)', () => {
    const server = serverGets(clientHelloOf());
    expect(sentAlert(server)).toBeUndefined();
    expect(server.wantsWrite).toBe(true);
  });

  it('refuses_duplicate_extensions with illegal_parameter', () => {
    const ch = withExtensions(clientHelloOf(), (e) => [...e.slice(0, -1), e[0]!, e[e.length - 1]!]);
    expect(sentAlert(serverGets(ch))).toBe('illegal_parameter');
  });

  it('refuses an extension not allowed in a ClientHello (oid_filters) with illegal_parameter', () => {
    const ch = withExtensions(clientHelloOf(), (e) => [
      { kind: 'opaque', type: 48, data: fromHex('0000') },
      ...e,
    ]);
    expect(sentAlert(serverGets(ch))).toBe('illegal_parameter');
  });

  it('ignores unknown (GREASE) extensions', () => {
    const ch = withExtensions(clientHelloOf(), (e) => [
      { kind: 'opaque', type: 0x3a3a, data: new Uint8Array(0) },
      ...e,
    ]);
    expect(sentAlert(serverGets(ch))).toBeUndefined();
  });

  it('refuses legacy_compression_methods other than [null] with illegal_parameter', () => {
    for (const methods of [[1], [0, 1]]) {
      const ch = { ...clientHelloOf(), legacyCompressionMethods: new Uint8Array(methods) };
      expect(sentAlert(serverGets(ch))).toBe('illegal_parameter');
    }
  });

  it('refuses a client without TLS 1.3 in supported_versions with protocol_version', () => {
    const ch = withExtensions(clientHelloOf(), (e) =>
      e.map((x) => (x.kind === 'supported_versions' ? { ...x, value: [0x0303] } : x)),
    );
    expect(sentAlert(serverGets(ch))).toBe('protocol_version');
    const none = withExtensions(clientHelloOf(), (e) =>
      e.filter((x) => x.kind !== 'supported_versions'),
    );
    expect(sentAlert(serverGets(none))).toBe('protocol_version');
  });

  it('refuses a legacy_version of SSL 3.0 or below with protocol_version, even beside supported_versions (RFC 8446 §D.5)', () => {
    // tlsfuzzer test-tls13-legacy-version.py: supported_versions offers TLS 1.3.
    for (const legacyVersion of [0x0300, 0x0000, 0x0001, 0x0002, 0x0100, 0x0102, 0x0103, 0x0200]) {
      const ch = { ...clientHelloOf(), legacyVersion };
      expect(sentAlert(serverGets(ch))).toBe('protocol_version');
    }
    // TLS 1.0 and 1.1 there are tolerated (only supported_versions counts, §4.2.1).
    for (const legacyVersion of [0x0301, 0x0302]) {
      const server = serverGets({ ...clientHelloOf(), legacyVersion });
      expect(sentAlert(server)).toBeUndefined();
      expect(server.wantsWrite).toBe(true);
    }
  });

  it('reads a ClientHello past 64 KiB: a signature_algorithms list of 32715 schemes (tlsfuzzer tolerance case)', () => {
    // tlsfuzzer's hello is small: offer two groups so that 32715 schemes fit in the
    // 65535-byte extension block, as they do in tlsfuzzer's.
    const base = clientHelloOf(clientConfig({ groups: [0x001d, 0x0017] }));
    const filler = Array.from({ length: 32715 - 1 }, (_, i) => 0x0900 + (i % 0x6000) + 1);
    const ch = withExtensions(base, (e) =>
      e.map((x) => (x.kind === 'signature_algorithms' ? { ...x, value: [...filler, 0x0403] } : x)),
    );
    const body = encodeHandshakeMessage(ch);
    expect(body.length).toBeGreaterThan(0x10000 + 4);
    const server = new ServerConnection(serverConfig());
    for (let at = 0; at < body.length; at += 16384) {
      const fragment = body.subarray(at, at + 16384);
      server.receive(
        concatBytes(
          Uint8Array.of(22, 3, 1, fragment.length >> 8, fragment.length & 0xff),
          fragment,
        ),
      );
    }
    expect(sentAlert(server)).toBeUndefined();
    expect(server.wantsWrite).toBe(true);
  });

  it('answers a well-formed TLS 1.2 ClientHello with a 5-byte extension block with protocol_version, not decode_error', () => {
    // tlsfuzzer test-version-numbers.py: legacy_version 0x0303, TLS_RSA_WITH_AES_128_CBC_SHA,
    // null compression, renegotiation_info (ff01, empty) as the only extension.
    // version, random, empty session id | suites | compression | extensions
    const body = fromHex(`0303${'00'.repeat(32)}00${'0002002f'}${'0100'}${'0005ff01000100'}`);
    const server = new ServerConnection(serverConfig());
    server.receive(
      concatBytes(
        fromHex('16030100'),
        Uint8Array.of(body.length + 4),
        Uint8Array.of(1, 0, 0, body.length),
        body,
      ),
    );
    expect(sentAlert(server)).toBe('protocol_version');
  });

  it('refuses a ClientHello with no suite in common with handshake_failure', () => {
    const ch = { ...clientHelloOf(), cipherSuites: [0xc02f] };
    expect(sentAlert(serverGets(ch))).toBe('handshake_failure');
  });

  it('refuses a key_share for a group missing from supported_groups with illegal_parameter', () => {
    const ch = withExtensions(clientHelloOf(), (e) =>
      e.map((x) => (x.kind === 'supported_groups' ? { ...x, value: [0x0017, 0x0018] } : x)),
    );
    expect(sentAlert(serverGets(ch))).toBe('illegal_parameter');
  });

  it('refuses a ClientHello without signature_algorithms or key_share with missing_extension', () => {
    for (const kind of ['signature_algorithms', 'key_share', 'supported_groups']) {
      const ch = withExtensions(clientHelloOf(), (e) => e.filter((x) => x.kind !== kind));
      expect(sentAlert(serverGets(ch)), kind).toBe('missing_extension');
    }
  });

  it('refuses a ClientHello announcing more than the size limit with decode_error, before buffering it', () => {
    const server = new ServerConnection(serverConfig());
    // A record with only a handshake header announcing 131397 bytes, one
    // past the largest ClientHello the structure allows.
    server.receive(fromHex('1603010004' + '01020145'));
    expect(sentAlert(server)).toBe('decode_error');
    const big = new ServerConnection(serverConfig({ limits: { maxHandshakeMessageSize: 100 } }));
    big.receive(plaintextRecord([clientHelloOf()], 0x0301));
    expect(sentAlert(big)).toBe('decode_error');
  });

  it('refuses a message other than ClientHello first with unexpected_message', () => {
    const server = new ServerConnection(serverConfig());
    server.receive(plaintextRecord([{ kind: 'finished', verifyData: new Uint8Array(32) }]));
    expect(sentAlert(server)).toBe('unexpected_message');
  });

  it('refuses a pre_shared_key without psk_key_exchange_modes with missing_extension, and ignores one with', () => {
    const psk: ClientHelloExtension = {
      kind: 'pre_shared_key',
      value: {
        identities: [{ identity: new Uint8Array(4), obfuscatedTicketAge: 0 }],
        binders: [new Uint8Array(32)],
      },
    };
    const without = withExtensions(clientHelloOf(), (e) => [
      ...e.filter((x) => x.kind !== 'psk_key_exchange_modes'),
      psk,
    ]);
    expect(sentAlert(serverGets(without))).toBe('missing_extension');
    const withModes = withExtensions(clientHelloOf(), (e) => [...e, psk]);
    expect(sentAlert(serverGets(withModes))).toBeUndefined();
  });

  it('refuses a pre_shared_key that is not the last extension with illegal_parameter', () => {
    const ch = withExtensions(clientHelloOf(), (e) => [
      {
        kind: 'pre_shared_key',
        value: {
          identities: [{ identity: new Uint8Array(4), obfuscatedTicketAge: 0 }],
          binders: [new Uint8Array(32)],
        },
      },
      ...e,
    ]);
    expect(sentAlert(serverGets(ch))).toBe('illegal_parameter');
  });
});

describe('server validation of the second ClientHello (HRR rules)', () => {
  function afterRetry(edit: (ch2: ClientHello) => ClientHello) {
    const client = new ClientConnection(clientConfig({ keyShareGroups: [0x0017] }));
    const server = new ServerConnection(serverConfig({ groups: [0x001d] }));
    transfer(client, server);
    expect(server.negotiated.helloRetry).toBe(true);
    transfer(server, client);
    const [ccs, ch2record] = splitRecords(client.takeOutput());
    expect(ccs![0]).toBe(20);
    const ch2 = plaintextMessages(ch2record!)[0]!.parsed as ClientHello;
    server.receive(plaintextRecord([edit(ch2)]));
    return server;
  }

  it('accepts the unaltered second ClientHello', () => {
    expect(sentAlert(afterRetry((ch) => ch))).toBeUndefined();
  });

  it('refuses a second ClientHello without a share for the requested group with illegal_parameter', () => {
    const server = afterRetry((ch) =>
      withExtensions(ch, (e) =>
        e.map((x) =>
          x.kind === 'key_share'
            ? { ...x, value: [{ group: 0x0017, keyExchange: new Uint8Array(65).fill(4) }] }
            : x,
        ),
      ),
    );
    expect(sentAlert(server)).toBe('illegal_parameter');
  });

  it('refuses a second ClientHello that drops the suite of the HelloRetryRequest with illegal_parameter', () => {
    const server = afterRetry((ch) => ({
      ...ch,
      cipherSuites: ch.cipherSuites.filter((s) => s !== server0Suite(ch)),
    }));
    expect(sentAlert(server)).toBe('illegal_parameter');
  });

  it('refuses a repeated first ClientHello after a HelloRetryRequest (no second retry) with illegal_parameter', () => {
    const client = new ClientConnection(clientConfig({ keyShareGroups: [0x0017] }));
    const server = new ServerConnection(serverConfig({ groups: [0x001d] }));
    const ch1 = client.takeOutput();
    server.receive(ch1);
    server.takeOutput();
    server.receive(ch1); // the same ClientHello again: no share for x25519
    expect(sentAlert(server)).toBe('illegal_parameter');
  });
});

/** The suite the server picks by preference among the client's (the first TLS 1.3 suite of the provider). */
function server0Suite(ch: ClientHello): number {
  return nobleProvider.cipherSuites.find(
    (s) => s.version === 'TLS1.3' && ch.cipherSuites.includes(s.code),
  )!.code;
}

// ---------------------------------------------------------------- client side

interface Flight {
  client: ClientConnection;
  sh: Decoded<HandshakeMessage>;
  encrypted: Decoded<HandshakeMessage>[];
  suite: number;
  serverHs: Uint8Array;
  clientHello: Decoded<HandshakeMessage>;
}

function serverFlight(client: ClientConfig = {}, server: Partial<ServerConfig> = {}): Flight {
  const sink = secretsSink();
  const c = new ClientConnection(clientConfig(client));
  const s = new ServerConnection(serverConfig({ ...server, keyLog: sink.keyLog }));
  const chBytes = c.takeOutput();
  const clientHello = plaintextMessages(chBytes)[0]!;
  s.receive(chBytes);
  const records = splitRecords(s.takeOutput());
  const sh = plaintextMessages(records.find((r) => r[0] === 22)!)[0]!;
  const suite = (sh.parsed as ServerHello).cipherSuite;
  const serverHs = sink.secrets.get('SERVER_HANDSHAKE_TRAFFIC_SECRET')!;
  const protectedBytes = records.filter((r) => r[0] === 23);
  const encrypted = openHandshake(concatAll(protectedBytes), suite, serverHs);
  return { client: c, sh, encrypted, suite, serverHs, clientHello };
}

const concatAll = (parts: readonly Uint8Array[]) => concatBytes(...parts);

function deliver(
  f: Flight,
  sh: HandshakeMessage | Uint8Array,
  encrypted?: readonly Uint8Array[],
): string | undefined {
  f.client.receive(sh instanceof Uint8Array ? sh : plaintextRecord([sh]));
  if (encrypted) f.client.receive(sealHandshake(encrypted, f.suite, f.serverHs));
  return sentAlert(f.client);
}

/** Delivers the server's flight as it was sent (the ServerHello re-encoded from its parsed form). */
const deliverUnaltered = (f: Flight) =>
  deliver(
    f,
    plaintextRecord([f.sh.parsed]),
    f.encrypted.map((m) => m.encoded),
  );

const enc = (m: HandshakeMessage) => encodeHandshakeMessage(m);
const asSh = (f: Flight) => f.sh.parsed as ServerHello;

describe('client validation of the ServerHello', () => {
  it('completes with the unaltered flight (the baseline of this suite)', () => {
    const f = serverFlight();
    expect(
      deliver(
        f,
        f.sh.encoded.length ? plaintextRecord([f.sh.parsed]) : f.sh.encoded,
        f.encrypted.map((m) => m.encoded),
      ),
    ).toBeUndefined();
    expect(f.client.handshakeComplete).toBe(true);
  });

  it('refuses a legacy_session_id_echo that differs with illegal_parameter', () => {
    const f = serverFlight();
    expect(deliver(f, { ...asSh(f), legacySessionIdEcho: new Uint8Array(32) })).toBe(
      'illegal_parameter',
    );
  });

  it('refuses a legacy_compression_method other than 0 with illegal_parameter', () => {
    const f = serverFlight();
    expect(deliver(f, { ...asSh(f), legacyCompressionMethod: 1 })).toBe('illegal_parameter');
  });

  it('refuses a cipher suite the client did not offer with illegal_parameter', () => {
    const f = serverFlight({ cipherSuites: [0x1301] });
    expect(deliver(f, { ...asSh(f), cipherSuite: 0x1302 })).toBe('illegal_parameter');
  });

  it('refuses a key_share for a group the client sent no share for with illegal_parameter', () => {
    const f = serverFlight();
    const sh = asSh(f);
    const ext = sh.extensions.map((x) =>
      x.kind === 'key_share'
        ? { ...x, value: { group: 0x0017, keyExchange: new Uint8Array(65).fill(4) } }
        : x,
    );
    expect(deliver(f, { ...sh, extensions: ext })).toBe('illegal_parameter');
  });

  it('refuses a ServerHello without key_share with missing_extension', () => {
    const f = serverFlight();
    const sh = asSh(f);
    expect(
      deliver(f, { ...sh, extensions: sh.extensions.filter((x) => x.kind !== 'key_share') }),
    ).toBe('missing_extension');
  });

  it('refuses a version the client did not offer with illegal_parameter', () => {
    const f = serverFlight();
    const sh = asSh(f);
    const ext = sh.extensions.map((x) =>
      x.kind === 'supported_versions' ? { ...x, value: 0x0305 } : x,
    );
    expect(deliver(f, { ...sh, extensions: ext })).toBe('illegal_parameter');
  });

  it('detects the TLS 1.2 downgrade sentinel with illegal_parameter, and refuses TLS 1.2 with protocol_version', () => {
    const f = serverFlight();
    const random = asSh(f).random.slice();
    random.set(DOWNGRADE_SENTINEL_TLS12, 24);
    const tls12 = (r: Uint8Array): ServerHello => ({ ...asSh(f), random: r, extensions: [] });
    expect(deliver(f, tls12(random))).toBe('illegal_parameter');
    const g = serverFlight();
    expect(deliver(g, { ...asSh(g), extensions: [] })).toBe('protocol_version');
  });

  it('refuses an unsolicited extension (pre_shared_key) in the ServerHello with unsupported_extension', () => {
    const f = serverFlight();
    const sh = asSh(f);
    expect(
      deliver(f, { ...sh, extensions: [...sh.extensions, { kind: 'pre_shared_key', value: 0 }] }),
    ).toBe('unsupported_extension');
  });

  it('refuses an extension not allowed in a ServerHello (server_name) with illegal_parameter', () => {
    const f = serverFlight();
    const sh = asSh(f);
    const bytes = plaintextRecord([
      {
        ...sh,
        extensions: [...sh.extensions, { kind: 'opaque', type: 0, data: new Uint8Array(0) }],
      },
    ]);
    expect(deliver(f, bytes)).toBe('illegal_parameter');
  });

  it('refuses a ServerHello and EncryptedExtensions in one record (key change inside a record) with unexpected_message', () => {
    const f = serverFlight();
    const both = plaintextRecord([asSh(f), { kind: 'encrypted_extensions', extensions: [] }]);
    expect(deliver(f, both)).toBe('unexpected_message');
  });
});

describe('client validation of a HelloRetryRequest', () => {
  const hrr = (
    ch: ClientHello,
    ext: HelloRetryRequest['extensions'],
    suite = 0x1301,
  ): HelloRetryRequest => ({
    kind: 'hello_retry_request',
    legacyVersion: 0x0303,
    legacySessionIdEcho: ch.legacySessionId,
    cipherSuite: suite,
    legacyCompressionMethod: 0,
    extensions: [{ kind: 'supported_versions', value: 0x0304 }, ...ext],
  });
  const start = () => {
    const client = new ClientConnection(clientConfig());
    const ch = plaintextMessages(client.takeOutput())[0]!.parsed as ClientHello;
    return { client, ch };
  };

  it('echoes the cookie and sends a share for the selected group', () => {
    const { client, ch } = start();
    const cookie = fromHex('c00c1e');
    client.receive(
      plaintextRecord([
        hrr(ch, [
          { kind: 'key_share', value: 0x0017 },
          { kind: 'cookie', value: cookie },
        ]),
      ]),
    );
    expect(sentAlert(client)).toBeUndefined();
    const records = splitRecords(client.takeOutput());
    expect(records[0]![0]).toBe(20); // middlebox CCS before the second ClientHello
    const ch2 = plaintextMessages(records[1]!)[0]!.parsed as ClientHello;
    expect(ch2.extensions.find((e) => e.kind === 'cookie')).toEqual({
      kind: 'cookie',
      value: cookie,
    });
    const shares = ch2.extensions.find((e) => e.kind === 'key_share')!.value as readonly {
      group: number;
    }[];
    expect(shares.map((s) => s.group)).toEqual([0x0017]);
    expect(ch2.random).toEqual(ch.random);
  });

  it('refuses a second HelloRetryRequest with unexpected_message', () => {
    const { client, ch } = start();
    client.receive(plaintextRecord([hrr(ch, [{ kind: 'key_share', value: 0x0017 }])]));
    client.receive(plaintextRecord([hrr(ch, [{ kind: 'key_share', value: 0x0018 }])]));
    expect(sentAlert(client)).toBe('unexpected_message');
  });

  it('refuses a HelloRetryRequest that would change nothing with illegal_parameter', () => {
    const { client, ch } = start();
    client.receive(plaintextRecord([hrr(ch, [{ kind: 'key_share', value: 0x001d }])]));
    expect(sentAlert(client)).toBe('illegal_parameter');
    const again = start();
    again.client.receive(plaintextRecord([hrr(again.ch, [])]));
    expect(sentAlert(again.client)).toBe('illegal_parameter');
  });

  it('refuses a HelloRetryRequest for a group not offered with illegal_parameter', () => {
    const { client, ch } = start();
    client.receive(plaintextRecord([hrr(ch, [{ kind: 'key_share', value: 0x11eb }])]));
    expect(sentAlert(client)).toBe('illegal_parameter');
  });

  it('refuses a ServerHello whose suite differs from the HelloRetryRequest with illegal_parameter', () => {
    const { client, ch } = start();
    client.receive(plaintextRecord([hrr(ch, [{ kind: 'key_share', value: 0x0017 }], 0x1301)]));
    client.takeOutput();
    const sh: ServerHello = {
      kind: 'server_hello',
      legacyVersion: 0x0303,
      random: new Uint8Array(32).fill(7),
      legacySessionIdEcho: ch.legacySessionId,
      cipherSuite: 0x1303,
      legacyCompressionMethod: 0,
      extensions: [
        { kind: 'key_share', value: { group: 0x0017, keyExchange: new Uint8Array(65).fill(4) } },
        { kind: 'supported_versions', value: 0x0304 },
      ],
    };
    client.receive(plaintextRecord([sh]));
    expect(sentAlert(client)).toBe('illegal_parameter');
  });

  it('restarts the transcript with message_hash: a real HRR handshake completes on both sides', () => {
    const { client, server } = pair(
      clientConfig({ keyShareGroups: [0x0018] }),
      serverConfig({ groups: [0x001d] }),
    );
    handshake(client, server);
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(client.negotiated.helloRetry).toBe(true);
  });
});

describe('client validation of the encrypted server flight', () => {
  const kinds = (f: Flight) => f.encrypted.map((m) => m.parsed.kind);
  const replace = (f: Flight, kind: string, m: HandshakeMessage | undefined) =>
    f.encrypted.flatMap((x) => (x.parsed.kind === kind ? (m ? [enc(m)] : []) : [x.encoded]));

  it('has the expected shape', () => {
    expect(kinds(serverFlight())).toEqual([
      'encrypted_extensions',
      'certificate',
      'certificate_verify',
      'finished',
    ]);
  });

  it('refuses an unsolicited ALPN in EncryptedExtensions with unsupported_extension', () => {
    const f = serverFlight();
    const ee: HandshakeMessage = {
      kind: 'encrypted_extensions',
      extensions: [
        { kind: 'application_layer_protocol_negotiation', value: new TextEncoder().encode('h2') },
      ],
    };
    expect(
      deliver(
        f,
        f.sh.encoded.length ? plaintextRecord([f.sh.parsed]) : f.sh.encoded,
        replace(f, 'encrypted_extensions', ee),
      ),
    ).toBe('unsupported_extension');
  });

  it('refuses an ALPN protocol the client did not offer with illegal_parameter', () => {
    const f = serverFlight({ alpnProtocols: ['h2'] }, { alpnProtocols: ['h2'] });
    const ee: HandshakeMessage = {
      kind: 'encrypted_extensions',
      extensions: [
        {
          kind: 'application_layer_protocol_negotiation',
          value: new TextEncoder().encode('http/1.1'),
        },
      ],
    };
    expect(deliver(f, plaintextRecord([f.sh.parsed]), replace(f, 'encrypted_extensions', ee))).toBe(
      'illegal_parameter',
    );
  });

  it('refuses an extension not allowed in EncryptedExtensions (key_share) with illegal_parameter', () => {
    const f = serverFlight();
    const bad = encode((w) => w.u8(8).u24Prefixed((w) => w.u16Prefixed((w) => w.u16(51).u16(0))));
    expect(
      deliver(f, plaintextRecord([f.sh.parsed]), [
        bad,
        ...replace(f, 'encrypted_extensions', undefined),
      ]),
    ).toBe('illegal_parameter');
  });

  it('refuses a Certificate before EncryptedExtensions with unexpected_message', () => {
    const f = serverFlight();
    expect(
      deliver(f, plaintextRecord([f.sh.parsed]), replace(f, 'encrypted_extensions', undefined)),
    ).toBe('unexpected_message');
  });

  it('refuses an empty server Certificate with decode_error', () => {
    const f = serverFlight();
    const empty: HandshakeMessage = {
      kind: 'certificate',
      certificateRequestContext: new Uint8Array(0),
      certificateList: [],
    };
    expect(deliver(f, plaintextRecord([f.sh.parsed]), replace(f, 'certificate', empty))).toBe(
      'decode_error',
    );
  });

  it('refuses an untrusted server certificate with unknown_ca', () => {
    const f = serverFlight({ trustStore: new TrustStore() });
    expect(deliverUnaltered(f)).toBe('unknown_ca');
  });

  it('accepts an untrusted certificate in verifyMode none and reports the result', () => {
    const f = serverFlight({ verifyMode: 'none', trustStore: new TrustStore() });
    expect(deliverUnaltered(f)).toBeUndefined();
    expect(f.client.negotiated.verifyResult?.ok).toBe(false);
  });

  it('refuses a certificate for another host name', () => {
    const f = serverFlight({ serverName: 'elsewhere.example' });
    const alert = deliver(
      f,
      plaintextRecord([f.sh.parsed]),
      f.encrypted.map((m) => m.encoded),
    );
    expect(alert).toBe('bad_certificate'); // libssl's alarm type for a host mismatch
  });

  /**
   * Replaces the server CertificateVerify and recomputes the server Finished
   * over the new transcript, so that only the signature check can fail.
   */
  function cvFlight(
    edit: (
      cv: { algorithm: number; signature: Uint8Array },
      content: (signer: 'server' | 'client') => Uint8Array,
    ) => HandshakeMessage,
  ) {
    const f = serverFlight();
    const hash = nobleProvider.cipherSuites.find((s) => s.code === f.suite)!.hash;
    const st = hash.create();
    st.update(f.clientHello.encoded).update(f.sh.encoded);
    const out: Uint8Array[] = [];
    for (const m of f.encrypted) {
      if (m.parsed.kind === 'certificate_verify') break;
      st.update(m.encoded);
      out.push(m.encoded);
    }
    const th = st.clone().digest();
    const cv = f.encrypted.find((m) => m.parsed.kind === 'certificate_verify')!.parsed as {
      algorithm: number;
      signature: Uint8Array;
    };
    const newCv = enc(edit(cv, (signer) => certificateVerifyContent(signer, th)));
    st.update(newCv);
    out.push(
      newCv,
      enc({ kind: 'finished', verifyData: finishedVerifyData(hash, f.serverHs, st.digest()) }),
    );
    const alert = deliver(f, plaintextRecord([f.sh.parsed]), out);
    return alert === undefined ? undefined : `${alert} ${f.client.error?.code}`;
  }
  const p256 = certified('server-p256').privateKey.key;
  const scheme = (name: string) => nobleProvider.signatureSchemes.find((s) => s.name === name)!;

  it('accepts a correctly re-signed CertificateVerify (the re-signing below is sound)', () => {
    const s = scheme('ecdsa_secp256r1_sha256');
    expect(
      cvFlight((_cv, content) => ({
        kind: 'certificate_verify',
        algorithm: s.code,
        signature: s.sign(p256, content('server'), nobleProvider.random),
      })),
    ).toBeUndefined();
  });

  it('refuses a CertificateVerify signed with the client context string with decrypt_error', () => {
    const s = scheme('ecdsa_secp256r1_sha256');
    expect(
      cvFlight((_cv, content) => ({
        kind: 'certificate_verify',
        algorithm: s.code,
        signature: s.sign(p256, content('client'), nobleProvider.random),
      })),
    ).toBe('decrypt_error HANDSHAKE_BAD_SIGNATURE');
  });

  it('refuses a corrupted CertificateVerify signature with decrypt_error', () => {
    expect(
      cvFlight((cv) => {
        const sig = cv.signature.slice();
        sig[sig.length - 1]! ^= 1;
        return { kind: 'certificate_verify', algorithm: cv.algorithm, signature: sig };
      }),
    ).toBe('decrypt_error HANDSHAKE_BAD_SIGNATURE');
  });

  it('refuses a CertificateVerify scheme that does not fit the key (P-384 scheme, P-256 key) with illegal_parameter', () => {
    expect(
      cvFlight((cv) => ({
        kind: 'certificate_verify',
        algorithm: scheme('ecdsa_secp384r1_sha384').code,
        signature: cv.signature,
      })),
    ).toBe('illegal_parameter HANDSHAKE_CV_SCHEME_KEY_MISMATCH');
  });

  it('refuses a CertificateVerify scheme the client did not offer with illegal_parameter', () => {
    expect(
      cvFlight((cv) => ({
        kind: 'certificate_verify',
        algorithm: 0x0401,
        signature: cv.signature,
      })),
    ).toBe('illegal_parameter HANDSHAKE_CV_SCHEME_NOT_OFFERED');
    expect(
      cvFlight((cv) => ({
        kind: 'certificate_verify',
        algorithm: 0x0203,
        signature: cv.signature,
      })),
    ).toBe('illegal_parameter HANDSHAKE_CV_SCHEME_NOT_OFFERED');
  });

  it('refuses a wrong server Finished with decrypt_error (constant-time compare)', () => {
    const f = serverFlight();
    const fin = f.encrypted.find((m) => m.parsed.kind === 'finished')!.parsed as {
      verifyData: Uint8Array;
    };
    const bad = fin.verifyData.slice();
    bad[0]! ^= 0x80;
    expect(
      deliver(
        f,
        plaintextRecord([f.sh.parsed]),
        replace(f, 'finished', { kind: 'finished', verifyData: bad }),
      ),
    ).toBe('decrypt_error');
  });

  it('refuses a server Finished of the wrong length with decode_error', () => {
    const f = serverFlight();
    expect(
      deliver(
        f,
        plaintextRecord([f.sh.parsed]),
        replace(f, 'finished', { kind: 'finished', verifyData: new Uint8Array(12) }),
      ),
    ).toBe('decode_error');
  });

  it('refuses a CertificateRequest with a context or without signature_algorithms', () => {
    const f = serverFlight();
    const cr: HandshakeMessage = {
      kind: 'certificate_request',
      certificateRequestContext: new Uint8Array(1),
      extensions: [{ kind: 'signature_algorithms', value: [0x0403] }],
    };
    const list = f.encrypted.map((m) => m.encoded);
    expect(deliver(f, plaintextRecord([f.sh.parsed]), [list[0]!, enc(cr), ...list.slice(1)])).toBe(
      'illegal_parameter',
    );
    const g = serverFlight();
    const cr2: HandshakeMessage = {
      kind: 'certificate_request',
      certificateRequestContext: new Uint8Array(0),
      extensions: [{ kind: 'certificate_authorities', value: [new Uint8Array(3)] }],
    };
    const list2 = g.encrypted.map((m) => m.encoded);
    expect(
      deliver(g, plaintextRecord([g.sh.parsed]), [list2[0]!, enc(cr2), ...list2.slice(1)]),
    ).toBe('missing_extension');
  });

  it('refuses a handshake message larger than the limit with decode_error', () => {
    const f = serverFlight({ limits: { maxCertificateSize: 100 } });
    expect(deliverUnaltered(f)).toBe('decode_error');
  });
});

describe('server validation of the client flight', () => {
  function clientFlight(clientCfg: Partial<ClientConfig>, serverCfg: Partial<ServerConfig>) {
    const sink = secretsSink();
    const client = new ClientConnection(clientConfig({ ...clientCfg, keyLog: sink.keyLog }));
    const server = new ServerConnection(serverConfig(serverCfg));
    transfer(client, server);
    transfer(server, client);
    const records = splitRecords(client.takeOutput()).filter((r) => r[0] === 23);
    const suite = server.negotiated.cipherSuite!.code;
    const secret = sink.secrets.get('CLIENT_HANDSHAKE_TRAFFIC_SECRET')!;
    const messages = openHandshake(concatAll(records), suite, secret);
    const send = (list: readonly Uint8Array[]) => {
      server.receive(sealHandshake(list, suite, secret));
      return sentAlert(server);
    };
    return { server, messages, send };
  }

  it('completes with the unaltered client flight (baseline)', () => {
    const { messages, send, server } = clientFlight({}, {});
    expect(send(messages.map((m) => m.encoded))).toBeUndefined();
    expect(server.handshakeComplete).toBe(true);
  });

  it('refuses a wrong client Finished with decrypt_error', () => {
    const { messages, send } = clientFlight({}, {});
    const fin = (messages[0]!.parsed as { verifyData: Uint8Array }).verifyData.slice();
    fin[5]! ^= 1;
    expect(send([enc({ kind: 'finished', verifyData: fin })])).toBe('decrypt_error');
  });

  it('refuses a missing client certificate when required with certificate_required', () => {
    const { send } = clientFlight({}, { clientAuth: 'required', trustStore: trustStore() });
    // The client has no certificate: it sent an empty Certificate already; send it again explicitly.
    expect(
      send([
        enc({
          kind: 'certificate',
          certificateRequestContext: new Uint8Array(0),
          certificateList: [],
        }),
      ]),
    ).toBe('certificate_required');
  });

  it('accepts no client certificate when optional', () => {
    const { messages, send, server } = clientFlight(
      {},
      { clientAuth: 'optional', trustStore: trustStore() },
    );
    expect(send(messages.map((m) => m.encoded))).toBeUndefined();
    expect(server.handshakeComplete).toBe(true);
    expect(server.negotiated.peerCertificates).toBeUndefined();
  });

  it('refuses an untrusted client certificate with unknown_ca', () => {
    const untrusted = {
      chain: [certified('server-p256').chain[0]!],
      privateKey: certified('server-p256').privateKey,
    };
    const { messages, send } = clientFlight(
      { certificates: [untrusted] },
      { clientAuth: 'required', trustStore: TrustStoreWith('untrusted.pem') },
    );
    expect(send(messages.map((m) => m.encoded))).toBe('unknown_ca');
  });

  it('refuses a corrupted client CertificateVerify signature with decrypt_error', () => {
    const key = certified('client-p256');
    const { messages, send, server } = clientFlight(
      { certificates: [key] },
      { clientAuth: 'required', trustStore: trustStore() },
    );
    const cv = messages[1]!.parsed as { algorithm: number; signature: Uint8Array };
    const sig = cv.signature.slice();
    sig[10]! ^= 1;
    expect(
      send([
        messages[0]!.encoded,
        enc({ kind: 'certificate_verify', algorithm: cv.algorithm, signature: sig }),
        messages[2]!.encoded,
      ]),
    ).toBe('decrypt_error');
    expect(server.error?.code).toBe('HANDSHAKE_BAD_SIGNATURE');
  });

  it('reads a plaintext fatal alert from a client that did not take the ServerHello, and sends none back', () => {
    // tlsfuzzer test-tls13-unencrypted-alert.py; OpenSSL allows plain alerts there too.
    const client = new ClientConnection(clientConfig());
    const server = new ServerConnection(serverConfig());
    transfer(client, server);
    expect(server.takeOutput().length).toBeGreaterThan(0); // ServerHello … Finished
    server.takeEvents();
    server.receive(fromHex('1503030002022a')); // fatal bad_certificate, unprotected
    const events = server.takeEvents();
    expect(alertSent(events)).toBeUndefined();
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'alert_received',
        alert: expect.objectContaining({ kind: 'fatal', name: 'bad_certificate' }),
      }),
    );
    expect(server.takeOutput()).toHaveLength(0);
  });

  it('refuses application data before the client Finished with unexpected_message', () => {
    const sink = secretsSink();
    const client = new ClientConnection(clientConfig({ keyLog: sink.keyLog }));
    const server = new ServerConnection(serverConfig());
    transfer(client, server);
    transfer(server, client);
    client.takeOutput();
    const suite = server.negotiated.cipherSuite!.code;
    const { RecordWriter, tls13Keys } = recordModule;
    const w = new RecordWriter();
    w.installKeys(
      tls13Keys(
        nobleProvider.cipherSuites.find((s) => s.code === suite) as never,
        sink.secrets.get('CLIENT_HANDSHAKE_TRAFFIC_SECRET')!,
      ),
    );
    w.writeApplicationData(new Uint8Array([1, 2, 3]));
    server.receive(w.takeOutput());
    expect(sentAlert(server)).toBe('unexpected_message');
  });

  it('refuses an empty application_data record before the client Finished with unexpected_message', () => {
    // tlsfuzzer test-tls13-zero-length-data.py: it used to be dropped and the server waited.
    const sink = secretsSink();
    const client = new ClientConnection(clientConfig({ keyLog: sink.keyLog }));
    const server = new ServerConnection(serverConfig());
    transfer(client, server);
    transfer(server, client);
    client.takeOutput();
    const suite = server.negotiated.cipherSuite!.code;
    const keys = recordModule.tls13Keys(
      nobleProvider.cipherSuites.find((s) => s.code === suite) as never,
      sink.secrets.get('CLIENT_HANDSHAKE_TRAFFIC_SECRET')!,
    );
    if (keys.version !== 'TLS1.3') throw new Error('TLS 1.3 keys expected');
    // The writer sends no empty record, so seal one by hand: inner plaintext = type 23 only.
    const length = 1 + keys.aead.tagLength;
    const header = Uint8Array.of(23, 3, 3, length >> 8, length & 0xff);
    const sealed = keys.aead.create(keys.key).seal(keys.iv, Uint8Array.of(23), header);
    server.receive(concatBytes(header, sealed));
    expect(sentAlert(server)).toBe('unexpected_message');
  });
});

import { TrustStore } from '@strata/pki';
import * as recordModule from '@strata/record';

function TrustStoreWith(name: string): TrustStore {
  return TrustStore.fromPem(fixture(name));
}

describe('post-handshake rules', () => {
  it('answers a KeyUpdate with update_requested and keeps data flowing both ways', () => {
    const { client, server } = pair();
    handshake(client, server);
    client.takeEvents();
    server.takeEvents();
    client.updateKeys(true);
    transfer(client, server);
    transfer(server, client);
    expect(server.takeEvents().map((e) => e.type)).toEqual(['key_update', 'key_update']);
    expect(client.takeEvents().map((e) => e.type)).toEqual(['key_update', 'key_update']);
    client.write(new Uint8Array([1]));
    server.write(new Uint8Array([2]));
    transfer(client, server);
    transfer(server, client);
    expect(server.read()).toEqual(new Uint8Array([1]));
    expect(client.read()).toEqual(new Uint8Array([2]));
  });

  it('refuses a flood of unsolicited KeyUpdates with unexpected_message', () => {
    const { client, server } = pair(
      clientConfig(),
      serverConfig({ limits: { maxKeyUpdatesInARow: 3 } }),
    );
    handshake(client, server);
    for (let i = 0; i < 4; i++) client.updateKeys(false);
    transfer(client, server);
    expect(sentAlert(server)).toBe('unexpected_message');
  });

  it('refuses a NewSessionTicket sent to a server with unexpected_message', () => {
    const { client, server } = pair();
    handshake(client, server);
    // The client cannot be made to send one; a handshake message a server never accepts: a Finished.
    (client as unknown as { ctx: { send(m: HandshakeMessage): void } }).ctx.send({
      kind: 'finished',
      verifyData: new Uint8Array(32),
    });
    transfer(client, server);
    expect(sentAlert(server)).toBe('unexpected_message');
  });

  it('surfaces a NewSessionTicket on the client and refuses a lifetime over 7 days with illegal_parameter', () => {
    const { client, server } = pair();
    handshake(client, server);
    client.takeEvents();
    const send = (lifetime: number) => {
      (server as unknown as { ctx: { send(m: HandshakeMessage): void } }).ctx.send({
        kind: 'new_session_ticket',
        ticketLifetime: lifetime,
        ticketAgeAdd: 1,
        ticketNonce: new Uint8Array(1),
        ticket: new Uint8Array(8),
        extensions: [],
      });
      transfer(server, client);
    };
    send(3600);
    expect(client.takeEvents().map((e) => e.type)).toEqual(['new_session_ticket']);
    send(604801);
    expect(sentAlert(client)).toBe('illegal_parameter');
  });

  it('keeps application data received before a fatal error readable', () => {
    const { client, server } = pair();
    handshake(client, server);
    server.write(new TextEncoder().encode('kept'));
    const data = server.takeOutput();
    const tampered = data.slice();
    tampered[tampered.length - 1]! ^= 1;
    client.receive(concatAll([data, tampered]));
    expect(sentAlert(client)).toBe('bad_record_mac');
    expect(client.closed).toBe(true);
    expect(new TextDecoder().decode(client.read())).toBe('kept');
  });

  it('works byte at a time', () => {
    const { client, server } = pair();
    for (let round = 0; round < 6; round++) {
      for (const [from, to] of [
        [client, server],
        [server, client],
      ] as const) {
        const bytes = from.takeOutput();
        for (const b of bytes) to.receive(new Uint8Array([b]));
      }
    }
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(alertSent(client.takeEvents())).toBeUndefined();
  });
});

describe('limits of the AEAD and the peer alert', () => {
  it('asks the peer to update its keys when its records near the AEAD limit', () => {
    const sink = secretsSink();
    const { client, server } = pair(
      clientConfig({ cipherSuites: [0x1301], keyLog: sink.keyLog }),
      serverConfig(),
    );
    handshake(client, server);
    client.takeEvents();
    server.takeEvents();
    const suite = nobleProvider.cipherSuites.find((x) => x.code === 0x1301)!;
    if (suite.version !== 'TLS1.3') throw new Error('suite');
    const secret = sink.secrets.get('CLIENT_TRAFFIC_SECRET_0')!;
    const near = recordModule.AEAD_CONFIDENTIALITY_LIMITS.AES_128_GCM - 1n;
    // Same keys, sequence numbers moved (the record layer's test option) to just below the limit.
    type Internals = {
      ctx: { reader: recordModule.RecordReader; writer: recordModule.RecordWriter };
    };
    (server as unknown as Internals).ctx.reader.installKeys(recordModule.tls13Keys(suite, secret), {
      sequence: near,
    });
    (client as unknown as Internals).ctx.writer.installKeys(recordModule.tls13Keys(suite, secret), {
      sequence: near,
    });
    client.write(new Uint8Array([1]));
    transfer(client, server);
    expect(server.read()).toEqual(new Uint8Array([1]));
    expect(server.takeEvents()).toEqual([{ type: 'key_update', direction: 'write' }]);
    transfer(server, client);
    expect(client.takeEvents().map((e) => e.type === 'key_update' && e.direction)).toEqual([
      'read',
      'write',
    ]);
    transfer(client, server);
    expect(server.takeEvents()).toEqual([{ type: 'key_update', direction: 'read' }]);
    client.write(new Uint8Array([2]));
    transfer(client, server);
    expect(server.read()).toEqual(new Uint8Array([2]));
    expect(alertSent(server.takeEvents())).toBeUndefined();
  });

  it('reports the alert a server sends when it refuses the handshake', () => {
    const { client, server } = pair(
      clientConfig({ cipherSuites: [0x1303] }),
      serverConfig({ cipherSuites: [0x1301] }),
    );
    transfer(client, server);
    transfer(server, client);
    const received = client.takeEvents().find((e) => e.type === 'alert_received');
    expect(
      received && 'alert' in received && typeof received.alert !== 'string'
        ? received.alert.name
        : undefined,
    ).toBe('handshake_failure');
    expect(client.closed).toBe(true);
    expect(client.error?.alert).toBe('handshake_failure');
  });
});

describe('rejected 0-RTT (RFC 8446 §4.2.10)', () => {
  const withEarlyData = (ch: ClientHello): ClientHello => ({
    ...ch,
    extensions: [...ch.extensions, { kind: 'early_data', value: null }],
  });
  const earlyRecords = (sizes: number[]) =>
    concatAll(
      sizes.map((n) => {
        const r = new Uint8Array(5 + n).fill(0x5a);
        r.set([23, 3, 3, n >> 8, n & 0xff]);
        return r;
      }),
    );

  it('skips the early data the client sends after its ClientHello and completes', () => {
    const { client, server } = pair(
      clientConfig({ hooks: { clientHello: withEarlyData } }),
      serverConfig(),
    );
    server.receive(concatAll([client.takeOutput(), earlyRecords([100, 300])]));
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
  });

  it('skips early data until the second ClientHello after a HelloRetryRequest', () => {
    const { client, server } = pair(
      clientConfig({ hooks: { clientHello: withEarlyData }, keyShareGroups: [0x0017] }),
      serverConfig({ groups: [0x001d] }),
    );
    server.receive(concatAll([client.takeOutput(), earlyRecords([200])]));
    transfer(server, client);
    // Our client would offer early_data again (the hook): that is refused.
    transfer(client, server);
    expect(sentAlert(server)).toBe('illegal_parameter');
    expect(server.error?.code).toBe('HANDSHAKE_EARLY_DATA_AFTER_HRR');
  });

  it('completes after a HelloRetryRequest when the second ClientHello drops early_data', () => {
    let calls = 0;
    const firstOnly = (ch: ClientHello) => (calls++ === 0 ? withEarlyData(ch) : ch);
    const { client, server } = pair(
      clientConfig({ hooks: { clientHello: firstOnly }, keyShareGroups: [0x0017] }),
      serverConfig({ groups: [0x001d] }),
    );
    server.receive(concatAll([client.takeOutput(), earlyRecords([200, 50])]));
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(server.negotiated.helloRetry).toBe(true);
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
  });

  it('refuses more early data than the limit with unexpected_message', () => {
    const { client, server } = pair(
      clientConfig({ hooks: { clientHello: withEarlyData } }),
      serverConfig({ limits: { maxSkippedEarlyData: 1000 } }),
    );
    server.receive(concatAll([client.takeOutput(), earlyRecords([600, 600])]));
    expect(sentAlert(server)).toBe('unexpected_message');
  });

  it('does not skip anything when no early data was offered (a bad record is bad_record_mac)', () => {
    const { client, server } = pair();
    server.receive(concatAll([client.takeOutput(), earlyRecords([100])]));
    expect(sentAlert(server)).toBe('bad_record_mac');
  });
});

describe('TLS 1.2-only extensions in a TLS 1.3 ClientHello', () => {
  // OpenSSL ignores them once it negotiates TLS 1.3 (SSL_EXT_TLS1_2_AND_BELOW_ONLY);
  // tlsfuzzer's large-number-of-extensions sends them with random bodies.
  for (const [name, type] of [
    ['extended_master_secret', 23],
    ['renegotiation_info', 0xff01],
  ] as const) {
    it(`a malformed ${name} does not stop a TLS 1.3 handshake`, () => {
      const withMalformed = (ch: ClientHello): ClientHello => ({
        ...ch,
        extensions: [
          { kind: 'opaque', type, data: Uint8Array.of(1, 2, 3) } as ClientHelloExtension,
          ...ch.extensions,
        ],
      });
      const client = new ClientConnection(clientConfig({ hooks: { clientHello: withMalformed } }));
      const server = new ServerConnection(serverConfig());
      handshake(client, server);
      expect(alertSent(server.takeEvents())).toBeUndefined();
      expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    });
  }
});
