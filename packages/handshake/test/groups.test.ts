// The key exchange groups added for OpenSSL 3.0 parity (x448, secp521r1,
// ffdhe2048–8192, RFC 7919): what the default client offers, which group the
// default server picks, and a handshake with and without HelloRetryRequest to
// each new group. (test/matrix.test.ts crosses them with every suite too.)
import { nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
import type { ClientHello } from '../src/msgs/client-hello.js';
import {
  alertSent,
  clientConfig,
  handshake,
  pair,
  plaintextMessages,
  serverConfig,
  transfer,
} from './helpers.js';

const code = (name: string) => nobleProvider.groups.find((g) => g.name === name)!.code;
const added = [
  'x448',
  'secp521r1',
  'ffdhe2048',
  'ffdhe3072',
  'ffdhe4096',
  'ffdhe6144',
  'ffdhe8192',
];
const shareLength: Record<string, number> = {
  x448: 56,
  secp521r1: 133,
  ffdhe2048: 256,
  ffdhe3072: 384,
  ffdhe4096: 512,
  ffdhe6144: 768,
  ffdhe8192: 1024,
};

function clientHello(bytes: Uint8Array): ClientHello {
  return plaintextMessages(bytes)[0]!.parsed as ClientHello;
}

describe('defaults', () => {
  it("the client offers the provider's groups in OpenSSL 3.0's order (hybrid third), one x25519 share", () => {
    const { client } = pair(clientConfig(), serverConfig());
    const ch = clientHello(client.takeOutput());
    const groups = ch.extensions.find((e) => e.kind === 'supported_groups')!
      .value as readonly number[];
    expect(groups).toEqual([
      0x001d, 0x0017, 0x11ec, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
    ]);
    const shares = ch.extensions.find((e) => e.kind === 'key_share')!.value as readonly {
      group: number;
    }[];
    expect(shares.map((s) => s.group)).toEqual([0x001d]);
  });

  it('the server takes the first group of its order the client sent a share for', () => {
    const { client, server } = pair(
      clientConfig({ keyShareGroups: [code('ffdhe2048'), code('x448')] }),
      serverConfig(),
    );
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(server.negotiated.group?.name).toBe('x448');
    expect(server.negotiated.helloRetry ?? false).toBe(false);
  });

  it('a share for a group late in the server order is still taken without a HelloRetryRequest', () => {
    const { client, server } = pair(
      clientConfig({ keyShareGroups: [code('ffdhe3072')] }),
      serverConfig(),
    );
    handshake(client, server);
    expect(server.negotiated.group?.name).toBe('ffdhe3072');
    expect(client.negotiated.helloRetry ?? false).toBe(false);
  });

  it('without a usable share, the HelloRetryRequest asks for the first of the server order the client lists', () => {
    const { client, server } = pair(
      clientConfig({
        groups: [code('x25519'), code('ffdhe4096'), code('secp521r1')],
        keyShareGroups: [code('x25519')],
      }),
      serverConfig({ groups: [code('secp521r1'), code('ffdhe4096')] }),
    );
    handshake(client, server);
    expect(alertSent(client.takeEvents())).toBeUndefined();
    expect(client.negotiated.group?.name).toBe('secp521r1');
    expect(client.negotiated.helloRetry).toBe(true);
  });
});

describe.each(added.map((name) => [name] as const))('%s', (name) => {
  it.each([false, true])('handshake and data, HelloRetryRequest: %s', (retry) => {
    const { client, server } = pair(
      clientConfig({ keyShareGroups: [retry ? code('x25519') : code(name)] }),
      serverConfig({ groups: [code(name)] }),
    );
    const bytes = client.takeOutput();
    const first = clientHello(bytes);
    const shares = first.extensions.find((e) => e.kind === 'key_share')!.value as readonly {
      group: number;
      keyExchange: Uint8Array;
    }[];
    if (!retry) expect(shares[0]!.keyExchange.length).toBe(shareLength[name]);
    server.receive(bytes);
    handshake(client, server);
    expect(alertSent(client.takeEvents())).toBeUndefined();
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(client.negotiated.group?.name).toBe(name);
    expect(server.negotiated.group?.name).toBe(name);
    expect(client.negotiated.helloRetry ?? false).toBe(retry);
    const data = new TextEncoder().encode(`over ${name}`);
    client.write(data);
    transfer(client, server);
    expect(server.read()).toEqual(data);
  });
});
