// Every TLS 1.3 cipher suite × group × signature scheme, client ↔ server in
// memory, each with and without a HelloRetryRequest and with and without a
// client certificate. The groups added for OpenSSL 3.0 parity (x448,
// secp521r1, ffdhe*) run with two signature schemes only: the group touches
// nothing but the key exchange, and BigInt FFDHE × RSA signing across the
// whole table would triple the file's time for no new coverage.
import { nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
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

const suites = nobleProvider.cipherSuites.filter((s) => s.version === 'TLS1.3');
const groups = nobleProvider.groups;
const schemes: [string, string][] = [
  ['ecdsa_secp256r1_sha256', 'server-p256'],
  ['ecdsa_secp384r1_sha384', 'server-p384'],
  ['ecdsa_secp521r1_sha512', 'server-p521'],
  ['ed25519', 'server-ed25519'],
  ['rsa_pss_rsae_sha256', 'server-rsa'],
  ['rsa_pss_rsae_sha384', 'server-rsa'],
  ['rsa_pss_rsae_sha512', 'server-rsa'],
  ['rsa_pss_pss_sha256', 'server-rsa-pss'],
  ['rsa_pss_pss_sha384', 'server-rsa-pss'],
  ['rsa_pss_pss_sha512', 'server-rsa-pss'],
];
const fullMatrixGroups = new Set(['x25519', 'secp256r1', 'X25519MLKEM768', 'secp384r1']);
const schemesFor = (group: string) =>
  fullMatrixGroups.has(group)
    ? schemes
    : schemes.filter(([name]) => name === 'ecdsa_secp256r1_sha256' || name === 'ed25519');
const clientCerts = ['client-p256', 'client-ed25519', 'client-rsa'];
const schemeCode = (name: string) =>
  nobleProvider.signatureSchemes.find((s) => s.name === name)!.code;

const allSchemes = schemes.map(([name]) => schemeCode(name));
const keys = new Map<string, ReturnType<typeof certified>>();
const key = (name: string) => {
  let k = keys.get(name);
  if (!k) keys.set(name, (k = certified(name)));
  return k;
};
const store = trustStore();
const data = new TextEncoder().encode('ping');

describe.each(suites.map((s) => [s.name, s] as const))('%s', (_name, suite) => {
  describe.each(groups.map((g) => [g.name, g] as const))('%s', (_g, group) => {
    it.each(schemesFor(group.name))('%s', (scheme, certName) => {
      let i = 0;
      for (const retry of [false, true]) {
        for (const clientAuth of [false, true]) {
          const other = groups.find((g) => g.code !== group.code)!;
          const clientCert = clientCerts[i++ % clientCerts.length]!;
          const { client, server } = pair(
            clientConfig({
              trustStore: store,
              cipherSuites: [suite.code],
              keyShareGroups: [retry ? other.code : group.code],
              ...(clientAuth ? { certificates: [key(clientCert)] } : {}),
            }),
            serverConfig({
              certificates: [key(certName)],
              groups: [group.code],
              // The scheme under test first; the rest are for the client certificate.
              signatureSchemes: [
                schemeCode(scheme),
                ...allSchemes.filter((c) => c !== schemeCode(scheme)),
              ],
              ...(clientAuth ? { clientAuth: 'required' as const, trustStore: store } : {}),
            }),
          );
          handshake(client, server);
          const label = `${retry ? 'HRR' : '1-RTT'}${clientAuth ? ' +client cert' : ''}`;
          expect(alertSent(client.takeEvents()), label).toBeUndefined();
          expect(alertSent(server.takeEvents()), label).toBeUndefined();
          expect(client.handshakeComplete && server.handshakeComplete, label).toBe(true);
          expect(client.negotiated.cipherSuite?.code).toBe(suite.code);
          expect(client.negotiated.group?.code).toBe(group.code);
          expect(client.negotiated.signatureScheme?.name).toBe(scheme);
          expect(client.negotiated.helloRetry ?? false, label).toBe(retry);
          expect(server.negotiated.helloRetry ?? false, label).toBe(retry);
          expect(client.negotiated.verifyResult?.ok).toBe(true);
          if (clientAuth) {
            expect(server.negotiated.peerCertificates).toHaveLength(1);
            expect(server.negotiated.verifyResult?.ok).toBe(true);
          } else {
            expect(server.negotiated.peerCertificates).toBeUndefined();
          }
          client.write(data);
          transfer(client, server);
          expect(server.read()).toEqual(data);
          server.write(data);
          transfer(server, client);
          expect(client.read()).toEqual(data);
        }
      }
    });
  });
});
