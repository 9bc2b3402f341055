// TLS 1.3 resumption with @strata/session tickets: the server issues
// NewSessionTickets, the client turns them into sessions and offers one as a
// PSK (psk_dhe_ke) on the next connection; binders, HRR and the fallbacks to
// a full handshake.
import { nobleProvider } from '@strata/crypto';
import { StatelessTickets, TicketKeys, type Tls13Session } from '@strata/session';
import { describe, expect, it } from 'vitest';
import type { ClientConfig, ServerConfig } from '../src/config.js';
import type { ClientHello } from '../src/msgs/client-hello.js';
import { encodeHandshakeMessage } from '../src/msgs/handshake-message.js';
import type { ServerHello } from '../src/msgs/server-hello.js';
import {
  alertSent,
  certified,
  clientConfig,
  handshake,
  pair,
  plaintextMessages,
  serverConfig,
  splitRecords,
  transfer,
  trustStore,
} from './helpers.js';

function ticketServer(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const keys = new TicketKeys({ provider: nobleProvider });
  return serverConfig({
    tickets: { issuer: new StatelessTickets({ keys, provider: nobleProvider }) },
    ...overrides,
  });
}

/** A full handshake that collects the sessions of the server's tickets. */
function firstConnection(server: ServerConfig, client: Partial<ClientConfig> = {}) {
  const { client: c, server: s } = pair(clientConfig(client), server);
  handshake(c, s);
  const sessions = c
    .takeEvents()
    .flatMap((e) => (e.type === 'new_session_ticket' && e.session ? [e.session] : []));
  return { client: c, server: s, sessions };
}

describe('session tickets', () => {
  it('sends two tickets after a full handshake; the client makes a session of each', () => {
    const { sessions, client } = firstConnection(ticketServer({ alpnProtocols: ['h2'] }), {
      alpnProtocols: ['h2'],
    });
    expect(sessions).toHaveLength(2);
    const [a, b] = sessions as [Tls13Session, Tls13Session];
    expect(a.ticket).not.toEqual(b.ticket);
    expect(a.psk).not.toEqual(b.psk);
    expect(a.cipherSuite).toBe(client.negotiated.cipherSuite!.code);
    expect(new TextDecoder().decode(a.alpn!)).toBe('h2');
    expect(a.serverName).toBe('localhost');
    expect(a.peerCertificates).toHaveLength(1);
  });

  it('sends no tickets without an issuer', () => {
    const { sessions } = firstConnection(serverConfig());
    expect(sessions).toEqual([]);
  });
});

describe('resumption', () => {
  it('resumes with a PSK: no certificates, both sides agree, data flows, one new ticket', () => {
    const config = ticketServer();
    const { sessions } = firstConnection(config);
    const { client, server } = pair(clientConfig({ session: sessions[0]! }), config);
    transfer(client, server);
    const serverFlight = splitRecords(server.takeOutput());
    for (const r of serverFlight) client.receive(r);
    handshake(client, server);
    expect(
      alertSent(client.takeEvents().filter((e) => e.type !== 'new_session_ticket')),
    ).toBeUndefined();
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(client.negotiated.resumed).toBe(true);
    expect(server.negotiated.resumed).toBe(true);
    expect(client.negotiated.signatureScheme).toBeUndefined();
    expect(client.negotiated.peerCertificates).toHaveLength(1);
    const sh = plaintextMessages(serverFlight[0]!)[0]!.parsed as ServerHello;
    expect(sh.extensions.find((e) => e.kind === 'pre_shared_key')?.value).toBe(0);
    client.write(new Uint8Array([42]));
    transfer(client, server);
    expect(server.read()).toEqual(new Uint8Array([42]));
  });

  it('resumes after a HelloRetryRequest (binder over message_hash and the HRR)', () => {
    const config = ticketServer({ groups: [0x001d] });
    const { sessions } = firstConnection(config);
    const { client, server } = pair(
      clientConfig({ session: sessions[0]!, keyShareGroups: [0x0017], groups: [0x0017, 0x001d] }),
      config,
    );
    handshake(client, server);
    expect(client.negotiated.helloRetry).toBe(true);
    expect(client.negotiated.resumed).toBe(true);
    expect(server.negotiated.resumed).toBe(true);
  });

  it('refuses a wrong binder with decrypt_error', () => {
    const config = ticketServer();
    const { sessions } = firstConnection(config);
    const { client, server } = pair(clientConfig({ session: sessions[0]! }), config);
    const ch = plaintextMessages(client.takeOutput())[0]!;
    const encoded = ch.encoded.slice();
    encoded[encoded.length - 1]! ^= 1; // the binder ends the ClientHello
    const record = new Uint8Array(5 + encoded.length);
    record.set([22, 3, 1, encoded.length >> 8, encoded.length & 0xff]);
    record.set(encoded, 5);
    server.receive(record);
    expect(alertSent(server.takeEvents())).toBe('decrypt_error');
    expect(server.error?.code).toBe('HANDSHAKE_BAD_PSK_BINDER');
  });

  it('falls back to a full handshake for a ticket the server cannot open', () => {
    const { sessions } = firstConnection(ticketServer());
    const other = ticketServer(); // new ticket keys: the old tickets are unknown
    const { client, server } = pair(clientConfig({ session: sessions[0]! }), other);
    handshake(client, server);
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(client.negotiated.resumed).toBeUndefined();
    expect(client.negotiated.signatureScheme?.name).toBe('ecdsa_secp256r1_sha256');
  });

  it('falls back to a full handshake when the negotiated suite has another hash', () => {
    const config = ticketServer({ cipherSuites: [0x1302, 0x1301] });
    const { sessions } = firstConnection(config, { cipherSuites: [0x1302] });
    expect(sessions[0]!.cipherSuite).toBe(0x1302);
    const { client, server } = pair(
      clientConfig({ session: sessions[0]!, cipherSuites: [0x1301, 0x1302] }),
      ticketServer({ cipherSuites: [0x1301] }),
    );
    handshake(client, server);
    expect(client.negotiated.resumed).toBeUndefined();
    expect(client.handshakeComplete).toBe(true);
  });

  it('refuses a ServerHello selecting a PSK identity the client did not offer with illegal_parameter', () => {
    const config = ticketServer();
    const { sessions } = firstConnection(config);
    const { client, server } = pair(clientConfig({ session: sessions[0]! }), config);
    transfer(client, server);
    const [shRecord] = splitRecords(server.takeOutput());
    const sh = plaintextMessages(shRecord!)[0]!.parsed as ServerHello;
    const altered: ServerHello = {
      ...sh,
      extensions: sh.extensions.map((e) => (e.kind === 'pre_shared_key' ? { ...e, value: 1 } : e)),
    };
    const body = encodeHandshakeMessage(altered);
    const record = new Uint8Array(5 + body.length);
    record.set([22, 3, 3, body.length >> 8, body.length & 0xff]);
    record.set(body, 5);
    client.receive(record);
    expect(alertSent(client.takeEvents())).toBe('illegal_parameter');
  });

  it('keeps the client certificate of the original session on the server', () => {
    const config = ticketServer({ clientAuth: 'required', trustStore: trustStore() });
    const { sessions, server: first } = firstConnection(config, {
      certificates: [certified('client-p256')],
    });
    expect(first.negotiated.peerCertificates).toHaveLength(1);
    const { client, server } = pair(clientConfig({ session: sessions[0]! }), config);
    handshake(client, server);
    expect(server.negotiated.resumed).toBe(true);
    expect(server.negotiated.peerCertificates?.[0]?.subject.canonical).toContain('strata client');
  });

  it('places pre_shared_key last, after padding', () => {
    const config = ticketServer();
    const { sessions } = firstConnection(config);
    const { client } = pair(clientConfig({ session: sessions[0]!, padding: true }), config);
    const ch = plaintextMessages(client.takeOutput())[0]!;
    const kinds = (ch.parsed as ClientHello).extensions.map((e) => e.kind);
    expect(kinds[kinds.length - 1]).toBe('pre_shared_key');
    expect(kinds).toContain('padding');
    expect(ch.encoded.length).toBe(512);
  });
});
