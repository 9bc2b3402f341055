// Configuration features end to end in memory: GREASE, SNI callback, ALPN
// selection, certificate choice by signature_algorithms, record_size_limit,
// key logging, exporters.
import { nobleProvider } from '@strata/crypto';
import { parseCertificatePem } from '@strata/pki';
import { describe, expect, it } from 'vitest';
import type { ClientHello } from '../src/msgs/client-hello.js';
import { isGrease } from '../src/msgs/grease.js';
import {
  alertSent,
  certified,
  clientConfig,
  fixture,
  handshake,
  pair,
  plaintextMessages,
  serverConfig,
  transfer,
  trustStore,
} from './helpers.js';

describe('GREASE (RFC 8701)', () => {
  it('sends GREASE values everywhere RFC 8701 allows and still completes', () => {
    const { client, server } = pair(
      clientConfig({ grease: true, alpnProtocols: ['h2'] }),
      serverConfig({ alpnProtocols: ['h2'] }),
    );
    const bytes = client.takeOutput();
    const ch = plaintextMessages(bytes)[0]!.parsed as ClientHello;
    expect(isGrease(ch.cipherSuites[0]!)).toBe(true);
    const opaque = ch.extensions.filter((e) => e.kind === 'opaque');
    expect(opaque.length).toBe(2);
    for (const e of opaque) expect(isGrease((e as { type: number }).type)).toBe(true);
    const groups = ch.extensions.find((e) => e.kind === 'supported_groups')!
      .value as readonly number[];
    expect(isGrease(groups[0]!)).toBe(true);
    server.receive(bytes);
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(server.negotiated.alpn).toBe('h2');
  });
});

describe('server configuration', () => {
  it('lets the SNI callback switch the configuration (certificate)', () => {
    const seen: (string | undefined)[] = [];
    const other = serverConfig({ certificates: [certified('server-ed25519')] });
    const { client, server } = pair(
      clientConfig({ serverName: 'test.strata' }),
      serverConfig({
        sniCallback: (name) => {
          seen.push(name);
          return name === 'test.strata' ? other : undefined;
        },
      }),
    );
    handshake(client, server);
    expect(seen).toEqual(['test.strata']);
    expect(client.negotiated.signatureScheme?.name).toBe('ed25519');
    expect(server.negotiated.serverName).toBe('test.strata');
  });

  it('selects ALPN with the callback, and refuses no overlap with no_application_protocol', () => {
    const { client, server } = pair(
      clientConfig({ alpnProtocols: ['h2', 'http/1.1'] }),
      serverConfig({ alpnSelect: (offered) => offered[offered.length - 1] }),
    );
    handshake(client, server);
    expect(client.negotiated.alpn).toBe('http/1.1');
    const refused = pair(
      clientConfig({ alpnProtocols: ['h2'] }),
      serverConfig({ alpnProtocols: ['http/1.1'] }),
    );
    transfer(refused.client, refused.server);
    expect(alertSent(refused.server.takeEvents())).toBe('no_application_protocol');
  });

  it('chooses among several certificates by the client signature_algorithms', () => {
    const certificates = [
      certified('server-rsa'),
      certified('server-p256'),
      certified('server-ed25519'),
    ];
    const cases: [number[], string][] = [
      [[0x0807], 'ed25519'],
      [[0x0403], 'ecdsa_secp256r1_sha256'],
      [[0x0804, 0x0403], 'rsa_pss_rsae_sha256'],
    ];
    for (const [schemes, expected] of cases) {
      const { client, server } = pair(
        clientConfig({ signatureSchemes: schemes }),
        serverConfig({ certificates }),
      );
      handshake(client, server);
      expect(client.negotiated.signatureScheme?.name).toBe(expected);
    }
    const none = pair(clientConfig({ signatureSchemes: [0x0503] }), serverConfig({ certificates }));
    transfer(none.client, none.server);
    expect(alertSent(none.server.takeEvents())).toBe('handshake_failure');
  });
});

describe('record_size_limit (RFC 8449)', () => {
  it('keeps every protected record within the limit the peer advertised', () => {
    const { client, server } = pair(
      clientConfig({ recordSizeLimit: 256 }),
      serverConfig({ recordSizeLimit: 512 }),
    );
    handshake(client, server);
    expect(server.negotiated.peerRecordSizeLimit).toBe(256);
    expect(client.negotiated.peerRecordSizeLimit).toBe(512);
    server.write(new Uint8Array(5000).fill(7));
    const out = server.takeOutput();
    let at = 0;
    let records = 0;
    while (at < out.length) {
      const len = (out[at + 3]! << 8) | out[at + 4]!;
      expect(len).toBeLessThanOrEqual(256 + 16);
      at += 5 + len;
      records++;
    }
    expect(records).toBeGreaterThan(5000 / 256);
    client.receive(out);
    expect(client.read()).toEqual(new Uint8Array(5000).fill(7));
  });
});

describe('key log and exporters', () => {
  it('logs the same secrets on both sides, keyed by the client random', () => {
    const lines: string[][] = [[], []];
    const log = (i: number) => (label: string, random: Uint8Array, secret: Uint8Array) =>
      lines[i]!.push(
        `${label} ${Buffer.from(random).toString('hex')} ${Buffer.from(secret).toString('hex')}`,
      );
    const { client, server } = pair(
      clientConfig({ keyLog: log(0) }),
      serverConfig({ keyLog: log(1) }),
    );
    handshake(client, server);
    expect(lines[0]!.map((l) => l.split(' ')[0])).toEqual([
      'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      'CLIENT_TRAFFIC_SECRET_0',
      'SERVER_TRAFFIC_SECRET_0',
      'EXPORTER_SECRET',
    ]);
    expect([...lines[0]!].sort()).toEqual([...lines[1]!].sort());
  });

  it('logs nothing without a callback, and exports the same keying material on both sides', () => {
    const { client, server } = pair();
    handshake(client, server);
    const a = client.exportKeyingMaterial('EXPERIMENTAL test', new Uint8Array([1]), 32);
    const b = server.exportKeyingMaterial('EXPERIMENTAL test', new Uint8Array([1]), 32);
    expect(a).toEqual(b);
    expect(client.exportKeyingMaterial('EXPERIMENTAL other', undefined, 32)).not.toEqual(a);
  });
});

describe('X25519MLKEM768', () => {
  it('is offered and negotiated in memory (no OpenSSL 3.5 peer on this system)', () => {
    const { client, server } = pair(
      clientConfig({ groups: [0x11ec, 0x001d] }),
      serverConfig({ groups: [0x11ec] }),
    );
    handshake(client, server);
    expect(client.negotiated.group?.name).toBe('X25519MLKEM768');
    expect(nobleProvider.groups.some((g) => g.code === 0x11ec)).toBe(true);
  });
});

describe('client certificate choice by certificate_authorities', () => {
  const ca = trustStore();
  const caName = parseCertificatePem(fixture('ca.pem')).subject.der;
  const selfSigned = {
    chain: [parseCertificatePem(fixture('untrusted.pem'))],
    privateKey: certified('server-p256').privateKey,
  };
  const listed = certified('client-ed25519');

  it('prefers the certificate issued by a CA the server names', () => {
    const { client, server } = pair(
      clientConfig({ certificates: [selfSigned, listed] }),
      serverConfig({ clientAuth: 'required', trustStore: ca, certificateAuthorities: [caName] }),
    );
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(server.negotiated.clientSignatureScheme?.name).toBe('ed25519');
  });

  it('without the list, sends the first certificate that fits (here one the server rejects)', () => {
    const { client, server } = pair(
      clientConfig({ certificates: [selfSigned, listed] }),
      serverConfig({ clientAuth: 'required', trustStore: ca }),
    );
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBe('unknown_ca');
  });
});

describe('server names', () => {
  it('checks an IP address against iPAddress SANs and sends no SNI for it', () => {
    const { client, server } = pair(clientConfig({ serverName: '127.0.0.1' }), serverConfig());
    const bytes = client.takeOutput();
    const ch = plaintextMessages(bytes)[0]!.parsed as ClientHello;
    expect(ch.extensions.some((e) => e.kind === 'server_name')).toBe(false);
    server.receive(bytes);
    handshake(client, server);
    expect(client.handshakeComplete).toBe(true);
    expect(client.negotiated.verifyResult?.ok).toBe(true);
    expect(server.negotiated.serverName).toBeUndefined();
    const wrong = pair(clientConfig({ serverName: '127.0.0.2' }), serverConfig());
    handshake(wrong.client, wrong.server);
    expect(alertSent(wrong.client.takeEvents())).toBe('bad_certificate');
  });
});

describe('facade-facing options', () => {
  it('checks the certificate against verifyHostname, separately from SNI, or not at all', () => {
    const seen: (string | undefined)[] = [];
    const ok = pair(
      clientConfig({ serverName: 'sni.example', verifyHostname: 'localhost' }),
      serverConfig({ sniCallback: (n) => void seen.push(n) }),
    );
    handshake(ok.client, ok.server);
    expect(ok.client.handshakeComplete).toBe(true);
    expect(seen).toEqual(['sni.example']);
    const none = pair(
      clientConfig({ serverName: 'sni.example', verifyHostname: false }),
      serverConfig(),
    );
    handshake(none.client, none.server);
    expect(none.client.handshakeComplete).toBe(true);
    const bad = pair(clientConfig({ serverName: 'sni.example' }), serverConfig());
    handshake(bad.client, bad.server);
    expect(alertSent(bad.client.takeEvents())).toBe('bad_certificate');
  });

  it('picks the cipher suite by server or by client preference', () => {
    const client = { cipherSuites: [0x1302, 0x1301] };
    const server = { cipherSuites: [0x1301, 0x1302] };
    const s = pair(clientConfig(client), serverConfig(server));
    handshake(s.client, s.server);
    expect(s.client.negotiated.cipherSuite?.code).toBe(0x1301);
    const c = pair(clientConfig(client), serverConfig({ ...server, cipherPreference: 'client' }));
    handshake(c.client, c.server);
    expect(c.client.negotiated.cipherSuite?.code).toBe(0x1302);
  });

  it('lets alpnSelect go on without ALPN (undefined) or abort (false)', () => {
    const noack = pair(
      clientConfig({ alpnProtocols: ['h2'] }),
      serverConfig({ alpnSelect: () => undefined }),
    );
    handshake(noack.client, noack.server);
    expect(noack.client.handshakeComplete).toBe(true);
    expect(noack.client.negotiated.alpn).toBeUndefined();
    const fatal = pair(
      clientConfig({ alpnProtocols: ['h2'] }),
      serverConfig({ alpnSelect: () => false }),
    );
    transfer(fatal.client, fatal.server);
    expect(alertSent(fatal.server.takeEvents())).toBe('no_application_protocol');
  });

  it('sends an alert on demand and closes', () => {
    const { client, server } = pair();
    handshake(client, server);
    client.takeEvents();
    server.sendAlert('internal_error');
    expect(server.closed).toBe(true);
    transfer(server, client);
    const received = client.takeEvents().find((e) => e.type === 'alert_received');
    expect(received?.type === 'alert_received' ? received.alert.name : undefined).toBe(
      'internal_error',
    );
    expect(client.closed).toBe(true);
  });

  it('reports every protocol message to onMessage', () => {
    const log: string[] = [];
    const onMessage = (m: { direction: string; contentType: number; bytes: Uint8Array }) =>
      log.push(
        `${m.direction} ${m.contentType === 22 ? `hs${m.bytes[0]}` : m.contentType === 21 ? `alert${m.bytes[1]}` : 'ccs'}`,
      );
    const { client, server } = pair(clientConfig({ onMessage }), serverConfig());
    handshake(client, server);
    client.close();
    expect(log).toEqual([
      'sent hs1',
      'received hs2',
      'received hs8',
      'received hs11',
      'received hs15',
      'received hs20',
      'sent ccs',
      'sent hs20',
      'sent alert0',
    ]);
  });
});
