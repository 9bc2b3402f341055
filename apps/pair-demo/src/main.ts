/**
 * pair-demo: a TLS 1.3 client and server in one process over a BIO pair.
 *
 *   pair-demo [-alpn h2,http/1.1] [-group X25519|P-256|P-384|X25519MLKEM768] [-mutual] [-msg TEXT]
 */
import { readFileSync } from 'node:fs';
import { type DemoOptions, runDemo } from './demo.js';

const USAGE = `usage: pair-demo [options]
  -alpn LIST    ALPN protocols, comma-separated (default h2,http/1.1)
  -group NAME   the group the client sends a key share for: X25519 (default), P-256, P-384, X25519MLKEM768
  -mutual       the server requires a client certificate; the client sends one
  -msg TEXT     the message the client sends and the server echoes
  -help         this text`;

function parseArgs(argv: readonly string[]): DemoOptions {
  const options: { -readonly [K in keyof DemoOptions]: DemoOptions[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--') continue;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag.replace(/^--/, '-')) {
      case '-alpn':
        options.alpn = value()
          .split(',')
          .filter((p) => p.length > 0);
        break;
      case '-group':
        options.group = value();
        break;
      case '-mutual':
        options.mutual = true;
        break;
      case '-msg':
        options.message = value();
        break;
      case '-help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

class UsageError extends Error {}

const certs = (name: string) =>
  readFileSync(new URL(`../demo-certs/${name}`, import.meta.url), 'utf8');

try {
  const options = parseArgs(process.argv.slice(2));
  const lines = runDemo(
    {
      caPem: certs('demo-ca.pem'),
      serverCertPem: certs('demo-server.pem'),
      serverKeyPem: certs('demo-server.key'),
      clientCertPem: certs('demo-client.pem'),
      clientKeyPem: certs('demo-client.key'),
    },
    options,
  );
  process.stdout.write(
    `Strata pair-demo: a TLS 1.3 client and server in one process, joined by a BIO pair\n` +
      `(@strata/handshake engines + @strata/bio; demo certificates from demo-certs/).\n\n` +
      `${lines.join('\n')}\n`,
  );
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`pair-demo: ${message}\n`);
  if (e instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  process.exit(1);
}
