/**
 * Certificates for the run, made by the openssl CLI in a temporary folder
 * at bench start: an ECDSA P-256 CA with a P-256 server certificate, and an
 * RSA-2048 CA with an RSA-2048 server certificate (node-forge can only parse
 * and verify RSA certificates). Both leaves name `localhost` and 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type CertKind = 'ecdsa_p256' | 'rsa2048';
export const CERT_KINDS: readonly CertKind[] = ['ecdsa_p256', 'rsa2048'];

export interface CertSet {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export type Fixtures = Readonly<Record<CertKind, CertSet>>;

const KEY_ARGS: Record<CertKind, string[]> = {
  ecdsa_p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
};

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
}

/** Makes both certificate sets; the temporary folder is removed before returning. */
export function makeFixtures(): Fixtures {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  try {
    writeFileSync(
      join(dir, 'leaf.ext'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' +
        'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
    );
    const make = (kind: CertKind): CertSet => {
      const f = (n: string) => join(dir, `${kind}-${n}`);
      openssl(['genpkey', ...KEY_ARGS[kind], '-out', f('ca.key')], dir);
      openssl(
        [
          'req',
          '-x509',
          '-new',
          '-key',
          f('ca.key'),
          '-sha256',
          '-days',
          '30',
          '-subj',
          `/CN=Strata bench CA ${kind}`,
          '-out',
          f('ca.pem'),
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
        ],
        dir,
      );
      openssl(['genpkey', ...KEY_ARGS[kind], '-out', f('server.key')], dir);
      openssl(
        ['req', '-new', '-key', f('server.key'), '-subj', '/CN=localhost', '-out', f('server.csr')],
        dir,
      );
      openssl(
        [
          'x509',
          '-req',
          '-in',
          f('server.csr'),
          '-CA',
          f('ca.pem'),
          '-CAkey',
          f('ca.key'),
          '-CAcreateserial',
          '-sha256',
          '-days',
          '30',
          '-extfile',
          join(dir, 'leaf.ext'),
          '-out',
          f('server.pem'),
        ],
        dir,
      );
      return {
        caPem: readFileSync(f('ca.pem'), 'utf8'),
        certPem: readFileSync(f('server.pem'), 'utf8'),
        keyPem: readFileSync(f('server.key'), 'utf8'),
      };
    };
    return { ecdsa_p256: make('ecdsa_p256'), rsa2048: make('rsa2048') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
