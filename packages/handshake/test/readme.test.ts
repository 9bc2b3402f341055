// The README's Engine example, run as written (with the test fixtures as files).
import { parseCertificatePem, parsePrivateKey, TrustStore } from '@strata/pki';
import { expect, it } from 'vitest';
import { ClientConnection, ServerConnection } from '../src/index.js';
import { fixture } from './helpers.js';

it('runs the README in-memory example', () => {
  const certPem = fixture('server-p256.pem');
  const keyPem = fixture('server-p256.key');
  const caPem = fixture('ca.pem');

  const server = new ServerConnection({
    certificates: [{ chain: [parseCertificatePem(certPem)], privateKey: parsePrivateKey(keyPem) }],
    alpnProtocols: ['h2'],
  });
  const client = new ClientConnection({
    serverName: 'localhost',
    trustStore: TrustStore.fromPem(caPem),
    alpnProtocols: ['h2'],
  });

  function pump() {
    for (let moved = 1; moved > 0; ) {
      const a = client.takeOutput();
      if (a.length > 0) server.receive(a);
      const b = server.takeOutput();
      if (b.length > 0) client.receive(b);
      moved = a.length + b.length;
    }
  }

  client.write(new TextEncoder().encode('ping'));
  pump();
  expect(client.handshakeComplete).toBe(true);
  expect(client.negotiated.alpn).toBe('h2');
  expect(new TextDecoder().decode(server.read())).toBe('ping');
  expect(client.takeEvents()).toEqual([{ type: 'handshake_complete' }]);
  client.close();
  pump();
  expect(server.peerClosed).toBe(true);
});
