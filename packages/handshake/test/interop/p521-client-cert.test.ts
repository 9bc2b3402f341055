// A P-521 client certificate (ecdsa_secp521r1_sha512 in the client's
// CertificateVerify) against node:tls, which requires and verifies it with
// native OpenSSL. The server-certificate direction of the scheme runs in the
// shared matrix (matrix.ts SCHEMES) against openssl and node:tls.
import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../../src/client/connection.js';
import { certified, clientConfig, fixture } from '../helpers.js';
import { connect } from './pump.js';

describe('node:tls server ↔ Strata client with a P-521 client certificate', () => {
  it('node verifies our ecdsa_secp521r1_sha512 CertificateVerify', async () => {
    let serverSide: tls.TLSSocket | undefined;
    let peerCurve: string | undefined;
    const server = tls.createServer(
      {
        key: fixture('server-p256.key'),
        cert: fixture('server-p256.pem'),
        minVersion: 'TLSv1.3',
        requestCert: true,
        rejectUnauthorized: true,
        ca: fixture('ca.pem'),
        // Only the P-521 scheme: anything else would not verify our client.
        sigalgs: 'ecdsa_secp521r1_sha512:ecdsa_secp256r1_sha256',
      },
      (socket) => {
        serverSide = socket;
        peerCurve = socket.getPeerX509Certificate()?.publicKey.asymmetricKeyDetails?.namedCurve;
        socket.on('data', () => socket.write('ok\n'));
        socket.on('end', () => socket.end());
        socket.on('error', () => {});
      },
    );
    server.on('tlsClientError', () => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const client = new ClientConnection(
        clientConfig({ certificates: [certified('client-p521')] }),
      );
      const p = await connect(port, client);
      await p.waitFor('handshake', () => client.handshakeComplete);
      p.send('hello\n');
      await p.waitFor('reply from node', () => p.text().includes('ok'));
      p.close();
      await p.waitFor('close_notify from node', () => client.peerClosed);
      await p.closed();
      expect(client.negotiated.clientSignatureScheme?.name).toBe('ecdsa_secp521r1_sha512');
      expect(serverSide?.authorized).toBe(true);
      expect(peerCurve).toBe('secp521r1');
    } finally {
      server.close();
    }
  });
});
