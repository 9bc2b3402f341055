// ecdsa_secp521r1_sha512 (0x0603) end to end in memory: a server holding a
// P-521 certificate signs CertificateVerify with it; the client offers it by
// default (the provider's schemes without SHA-1) and verifies it; TLS 1.3's
// curve binding refuses it with keys on other curves. Interop with openssl
// and node:tls runs through test/interop/matrix.ts.
import { nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
import type { ClientHello } from '../src/msgs/client-hello.js';
import {
  alertSent,
  certified,
  clientConfig,
  handshake,
  pair,
  serverConfig,
  transfer,
  trustStore,
} from './helpers.js';

const P521 = 0x0603;
const data = new TextEncoder().encode('ping over P-521');

describe('ecdsa_secp521r1_sha512', () => {
  it('is in the default signature_algorithms of a client, after P-256 and P-384', () => {
    let schemes: readonly number[] = [];
    const capture = (ch: ClientHello): ClientHello => {
      for (const e of ch.extensions) {
        if (e.kind === 'signature_algorithms') schemes = e.value as readonly number[];
      }
      return ch;
    };
    const { client, server } = pair(clientConfig({ hooks: { clientHello: capture } }));
    handshake(client, server);
    expect(client.handshakeComplete).toBe(true);
    expect(schemes).toContain(P521);
    expect(schemes.indexOf(P521)).toBe(schemes.indexOf(0x0503) + 1);
  });

  it.each(
    nobleProvider.cipherSuites.filter((s) => s.version === 'TLS1.3').map((s) => [s.name, s.code]),
  )('a server with a P-521 certificate signs CertificateVerify with it (%s)', (_name, suite) => {
    const { client, server } = pair(
      clientConfig({ cipherSuites: [suite as number] }),
      serverConfig({ certificates: [certified('server-p521')] }),
    );
    handshake(client, server);
    expect(alertSent(client.takeEvents())).toBeUndefined();
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(client.handshakeComplete && server.handshakeComplete).toBe(true);
    expect(client.negotiated.signatureScheme?.name).toBe('ecdsa_secp521r1_sha512');
    expect(server.negotiated.signatureScheme?.code).toBe(P521);
    expect(client.negotiated.verifyResult?.ok).toBe(true);
    client.write(data);
    transfer(client, server);
    expect(server.read()).toEqual(data);
  });

  it('picks the P-521 certificate only for a client that offers 0x0603', () => {
    const certificates = [certified('server-p521'), certified('server-p256')];
    const only521 = pair(
      clientConfig({ signatureSchemes: [P521] }),
      serverConfig({ certificates }),
    );
    handshake(only521.client, only521.server);
    expect(only521.client.negotiated.signatureScheme?.code).toBe(P521);
    const only256 = pair(
      clientConfig({ signatureSchemes: [0x0403] }),
      serverConfig({ certificates }),
    );
    handshake(only256.client, only256.server);
    expect(only256.client.negotiated.signatureScheme?.code).toBe(0x0403);
  });

  it('refuses a P-521 certificate when the client does not offer ecdsa_secp521r1_sha512', () => {
    // TLS 1.3 binds the curve: ecdsa_secp256r1_sha256/ecdsa_secp384r1_sha384 cannot be made with a P-521 key.
    const { client, server } = pair(
      clientConfig({ signatureSchemes: [0x0403, 0x0503, 0x0804] }),
      serverConfig({ certificates: [certified('server-p521')] }),
    );
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBe('handshake_failure');
    expect(client.handshakeComplete).toBe(false);
  });

  it('a client refuses 0x0603 from a server whose certificate is not P-521', () => {
    // The server claims ecdsa_secp521r1_sha512 for a P-256 key; the client checks the binding.
    const p256 = certified('server-p256');
    // Sign with the P-256 key but label it 0x0603: patch the server's provider scheme table.
    const lying = nobleProvider.signatureSchemes.map((s) =>
      s.code === 0x0403 ? { ...s, code: P521 } : s.code === P521 ? { ...s, code: 0x0403 } : s,
    );
    const liar = pair(
      clientConfig(),
      serverConfig({
        certificates: [p256],
        provider: { ...nobleProvider, signatureSchemes: lying },
      }),
    );
    handshake(liar.client, liar.server);
    expect(liar.client.handshakeComplete).toBe(false);
    expect(alertSent(liar.client.takeEvents())).toMatch(/decrypt_error|illegal_parameter/);
  });

  it('a client authenticates with a P-521 certificate (client CertificateVerify 0x0603)', () => {
    const { client, server } = pair(
      clientConfig({ certificates: [certified('client-p521')] }),
      serverConfig({ clientAuth: 'required', trustStore: trustStore() }),
    );
    handshake(client, server);
    expect(alertSent(server.takeEvents())).toBeUndefined();
    expect(server.handshakeComplete).toBe(true);
    expect(server.negotiated.clientSignatureScheme?.code).toBe(P521);
    expect(server.negotiated.verifyResult?.ok).toBe(true);
    expect(server.negotiated.peerCertificates?.[0]?.publicKey.key).toMatchObject({
      kind: 'ec',
      curve: 'P-521',
    });
  });

  it('a server that does not accept 0x0603 from clients refuses a P-521 client certificate', () => {
    const { client, server } = pair(
      clientConfig({ certificates: [certified('client-p521')] }),
      serverConfig({
        clientAuth: 'required',
        trustStore: trustStore(),
        signatureSchemes: [0x0403, 0x0503, 0x0807, 0x0804],
      }),
    );
    handshake(client, server);
    // The client has no certificate that fits the CertificateRequest, sends none, and
    // the server requires one (RFC 8446 §4.4.2.4).
    expect(alertSent(server.takeEvents())).toBe('certificate_required');
    expect(server.handshakeComplete).toBe(false);
    expect(server.negotiated.clientSignatureScheme).toBeUndefined();
  });
});
