/**
 * A TLS 1.3 client and server in one process: two sans-I/O engines from
 * @strata/handshake joined by a BIO pair from @strata/bio. Every flight is
 * printed as it crosses the pair, decrypted for display with the secrets the
 * engines hand to their key-log callback; then the negotiated parameters and
 * an echoed message.
 */
import {
  type BIO,
  BIO_ctrl_pending,
  BIO_free,
  BIO_new_bio_pair,
  BIO_read,
  BIO_write,
} from '@strata/bio';
import {
  type CertifiedKey,
  ClientConnection,
  type Connection,
  NamedGroup,
  ServerConnection,
} from '@strata/handshake';
import { parseCertificatePem, parsePrivateKey, TrustStore } from '@strata/pki';
import { ContentType } from '@strata/record';
import { concatBytes, toHex } from '@strata/wire';
import {
  DirectionDecoder,
  messageName,
  type RecordView,
  type SessionFacts,
} from 'tls-dump/decoder';
import { describeMessage } from 'tls-dump/describe';

/** The demo certificates (PEM text), see demo-certs/. */
export interface DemoMaterial {
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

export interface DemoOptions {
  /** ALPN protocols both sides offer (default h2, http/1.1). */
  readonly alpn?: readonly string[];
  /** OpenSSL group name the client offers first (`X25519`, `P-256`, `P-384`, `X25519MLKEM768`). */
  readonly group?: string;
  /** The server asks for a client certificate and the client sends one. */
  readonly mutual?: boolean;
  /** The message the client sends and the server echoes. */
  readonly message?: string;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** `client_hello` → `ClientHello`. */
function camel(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
}

function certified(certPem: string, keyPem: string): CertifiedKey {
  return { chain: [parseCertificatePem(certPem)], privateKey: parsePrivateKey(keyPem) };
}

/**
 * Moves `bytes` through the pair, `into` → `outOf`, in pieces the pair's
 * buffer accepts, and returns what came out the other end.
 */
function throughPair(into: BIO, outOf: BIO, bytes: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  let at = 0;
  for (let guard = 0; at < bytes.length || BIO_ctrl_pending(outOf) > 0; guard++) {
    if (guard > 10_000) throw new Error('pair-demo: the BIO pair does not drain');
    if (at < bytes.length) {
      const n = BIO_write(into, bytes.subarray(at));
      if (n > 0) at += n;
    }
    const pending = BIO_ctrl_pending(outOf);
    if (pending > 0) {
      const buf = new Uint8Array(pending);
      const n = BIO_read(outOf, buf);
      if (n > 0) out.push(buf.subarray(0, n));
    }
  }
  return concatBytes(...out);
}

function recordLines(views: readonly RecordView[], first: number): string[] {
  const lines: string[] = [];
  views.forEach((view, i) => {
    const where = `#${first + i}`.padEnd(4);
    const keys = (view.keys ? `${view.keys} keys` : 'plaintext').padEnd(18);
    if (view.opaque) {
      lines.push(`  ${where}${keys}${ContentType.name(view.type)}, ${view.length} bytes (no key)`);
      return;
    }
    if (view.items.length === 0) {
      lines.push(`  ${where}${keys}(part of a handshake message, ${view.length} bytes)`);
    }
    for (const item of view.items) {
      let line: string;
      if (item.kind === 'handshake') {
        const name = camel(messageName(item.type, item.message)).padEnd(20);
        line = `${name}${`${item.length} B`.padStart(7)}  ${describeMessage(item.message)}`;
      } else if (item.kind === 'alert') {
        line = `Alert                   2 B  ${item.level}: ${item.name}`;
      } else if (item.kind === 'application_data') {
        line = `${'ApplicationData'.padEnd(20)}${`${item.data.length} B`.padStart(7)}  "${text.decode(item.data)}"`;
      } else if (item.kind === 'change_cipher_spec') {
        line = 'ChangeCipherSpec        1 B  middlebox compatibility';
      } else {
        line = `(cannot read: ${item.message})`;
      }
      lines.push(`  ${where}${keys}${line}`.trimEnd());
    }
  });
  return lines;
}

/** Runs the demo and returns its report, one line per entry. */
export function runDemo(material: DemoMaterial, options: DemoOptions = {}): string[] {
  const lines: string[] = [];
  const keyLog = new Map<string, Uint8Array>();
  const logKey = (label: string, clientRandom: Uint8Array, secret: Uint8Array) => {
    keyLog.set(`${label} ${toHex(clientRandom)}`, secret.slice());
  };
  const trustStore = TrustStore.fromPem(material.caPem);
  const alpn = options.alpn ?? ['h2', 'http/1.1'];
  const groupCode = options.group === undefined ? undefined : groupByOpensslName(options.group);
  const server = new ServerConnection({
    certificates: [certified(material.serverCertPem, material.serverKeyPem)],
    alpnProtocols: alpn,
    keyLog: logKey,
    ...(options.mutual ? { clientAuth: 'required' as const, trustStore } : {}),
  });
  const client = new ClientConnection({
    serverName: 'localhost',
    trustStore,
    alpnProtocols: alpn,
    keyLog: logKey,
    ...(groupCode === undefined ? {} : { keyShareGroups: [groupCode] }),
    ...(options.mutual
      ? { certificates: [certified(material.clientCertPem, material.clientKeyPem)] }
      : {}),
  });

  const [ok, clientEnd, serverEnd] = BIO_new_bio_pair(0, 0);
  if (ok !== 1) throw new Error('pair-demo: BIO_new_bio_pair failed');
  const facts: SessionFacts = {};
  const decoders = {
    client: new DirectionDecoder('client', facts, keyLog),
    server: new DirectionDecoder('server', facts, keyLog),
  };
  const records = { client: 1, server: 1 };
  const totals = { client: 0, server: 0 };

  /** Sends what `from` has queued across the pair; prints it as one flight. */
  const flight = (side: 'client' | 'server', from: Connection, to: Connection): number => {
    const bytes = from.takeOutput();
    if (bytes.length === 0) return 0;
    const [into, outOf] = side === 'client' ? [clientEnd, serverEnd] : [serverEnd, clientEnd];
    const arrived = throughPair(into, outOf, bytes);
    const views = decoders[side].push(arrived);
    const arrow = side === 'client' ? 'client → server' : 'server → client';
    lines.push(
      `${arrow}  ${arrived.length} bytes in ${views.length} record${views.length === 1 ? '' : 's'}`,
    );
    lines.push(...recordLines(views, records[side]));
    records[side] += views.length;
    totals[side] += arrived.length;
    to.receive(arrived);
    return arrived.length;
  };
  const exchange = () => {
    for (let round = 0; round < 20; round++) {
      const moved = flight('client', client, server) + flight('server', server, client);
      if (moved === 0) return;
    }
    throw new Error('pair-demo: the engines did not settle in 20 flights');
  };

  lines.push("Handshake (records decrypted for display with the engines' key log):", '');
  exchange();
  if (!client.handshakeComplete || !server.handshakeComplete) {
    const error = client.error ?? server.error;
    throw new Error(`pair-demo: handshake failed: ${error?.message ?? 'no reason given'}`);
  }
  const n = client.negotiated;
  const peer = n.peerCertificates?.[0];
  const clientCert = server.negotiated.peerCertificates?.[0];
  lines.push('', 'Negotiated:');
  lines.push(`  protocol            TLS 1.3 (0x${(n.version ?? 0).toString(16)})`);
  lines.push(`  cipher suite        ${n.cipherSuite?.name ?? '?'}`);
  lines.push(
    `  key exchange        ${n.group ? `${n.group.name}${n.helloRetry ? ' (after a HelloRetryRequest)' : ''}` : '?'}`,
  );
  lines.push(`  server signature    ${n.signatureScheme?.name ?? '?'}`);
  lines.push(`  server certificate  ${peer?.subject.oneline ?? '?'}`);
  lines.push(
    `  verification        ${n.verifyResult?.ok ? 'ok' : 'failed'} (issuer ${peer?.issuer.oneline ?? '?'})`,
  );
  if (clientCert) {
    lines.push(
      `  client certificate  ${clientCert.subject.oneline} (${server.negotiated.clientSignatureScheme?.name ?? '?'})`,
    );
  }
  lines.push(`  ALPN                ${n.alpn ?? '(none)'}`);
  lines.push(`  SNI                 ${server.negotiated.serverName ?? '(none)'}`);
  lines.push(
    `  flights             ${totals.client} bytes client → server, ${totals.server} bytes server → client`,
  );

  const message = options.message ?? 'hello over a BIO pair';
  lines.push('', `Echo (the server returns what it reads):`, '');
  client.write(utf8.encode(message));
  flight('client', client, server);
  const got = server.read();
  server.write(got);
  flight('server', server, client);
  const echoed = text.decode(client.read());
  lines.push(
    '',
    `  client sent "${message}", got back "${echoed}"${echoed === message ? '' : '  MISMATCH'}`,
  );

  lines.push('', 'Close:', '');
  client.close();
  flight('client', client, server);
  server.close();
  flight('server', server, client);
  lines.push('', `  client closed: ${client.closed}, server closed: ${server.closed}`);
  BIO_free(clientEnd);
  BIO_free(serverEnd);
  if (echoed !== message) throw new Error('pair-demo: the echo does not match');
  return lines;
}

/** OpenSSL group names as `-groups` takes them. */
function groupByOpensslName(name: string): number {
  const table: Record<string, number> = {
    X25519: NamedGroup.x25519,
    'P-256': NamedGroup.secp256r1,
    'P-384': NamedGroup.secp384r1,
    X25519MLKEM768: NamedGroup.X25519MLKEM768,
  };
  const code = table[name];
  if (code === undefined) {
    throw new RangeError(`unknown group ${name}; one of ${Object.keys(table).join(', ')}`);
  }
  return code;
}
