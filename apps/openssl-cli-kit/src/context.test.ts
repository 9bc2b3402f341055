import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIO_new_bio_pair,
  SSL_CTX_load_verify_locations,
  SSL_CTX_new,
  SSL_CTX_use_certificate_chain_file,
  SSL_CTX_use_PrivateKey_file,
  SSL_do_handshake,
  SSL_FILETYPE_PEM,
  SSL_new,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  TLS_client_method,
  TLS_server_method,
} from '@strata/openssl/node';
import { hasOpenssl, makePki } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import { setAlgorithmLists, setKeylogFile } from './context.js';
import { type FlagSpec, parseFlags } from './flags.js';

const SPEC: Readonly<Record<string, FlagSpec>> = {
  ciphersuites: { arg: 'list', help: '' },
  groups: { arg: 'list', help: '' },
  sigalgs: { arg: 'list', help: '' },
  keylogfile: { arg: 'file', help: '' },
};

function checks(argv: string[]): [boolean, string][] {
  const seen: [boolean, string][] = [];
  setAlgorithmLists(SSL_CTX_new(TLS_client_method()), parseFlags(argv, SPEC), (ok, what) =>
    seen.push([ok, what]),
  );
  return seen;
}

describe('setAlgorithmLists', () => {
  it('checks each list given, in order, and says which one the facade refused', () => {
    expect(checks([])).toEqual([]);
    expect(
      checks([
        '-sigalgs',
        'ecdsa_secp256r1_sha256',
        '-groups',
        'no-such-group',
        '-ciphersuites',
        'TLS_AES_128_GCM_SHA256',
      ]),
    ).toEqual([
      [true, 'bad -ciphersuites TLS_AES_128_GCM_SHA256'],
      [false, 'bad -groups no-such-group'],
      [true, 'bad -sigalgs ecdsa_secp256r1_sha256'],
    ]);
  });
});

(hasOpenssl() ? describe : describe.skip)(
  'setKeylogFile (openssl on PATH for the certificates)',
  () => {
    it('appends the key-log lines of a handshake to the file, and sets nothing without the flag', () => {
      const pki = makePki();
      const file = join(mkdtempSync(join(tmpdir(), 'strata-cli-kit-')), 'keys.log');
      const handshake = (argv: string[]) => {
        const sctx = SSL_CTX_new(TLS_server_method());
        SSL_CTX_use_certificate_chain_file(sctx, pki.serverEc.cert);
        SSL_CTX_use_PrivateKey_file(sctx, pki.serverEc.key, SSL_FILETYPE_PEM);
        const cctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_load_verify_locations(cctx, pki.ca, null);
        setKeylogFile(cctx, parseFlags(argv, SPEC));
        const client = SSL_new(cctx);
        const server = SSL_new(sctx);
        const [, c, s] = BIO_new_bio_pair(0, 0);
        SSL_set_bio(client, c, c);
        SSL_set_bio(server, s, s);
        SSL_set_connect_state(client);
        SSL_set_accept_state(server);
        for (let i = 0; i < 10; i++) {
          const a = SSL_do_handshake(client);
          const b = SSL_do_handshake(server);
          if (a === 1 && b === 1) break;
        }
      };
      handshake([]);
      expect(existsSync(file)).toBe(false);
      handshake(['-keylogfile', file]);
      const labels = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]);
      expect(labels).toEqual(
        expect.arrayContaining(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0']),
      );
    });
  },
);
