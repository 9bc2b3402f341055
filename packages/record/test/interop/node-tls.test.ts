/**
 * Interop with a real peer: node:tls (OpenSSL) talks to itself through a
 * recording TCP proxy on 127.0.0.1; the key log gives the secrets; Strata's
 * RecordReader then opens every captured record of both directions, and
 * Strata's RecordWriter, given the same keys and sequence number,
 * reproduces OpenSSL's application data records byte for byte (where the
 * nonce is deterministic: TLS 1.3 and TLS 1.2 ChaCha20-Poly1305).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { type CipherSuite, cipherSuiteByName, nobleProvider, tls12Prf } from '@strata/crypto';
import { concatBytes, fromHex, utf8 } from '@strata/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ReadEvent,
  RecordReader,
  RecordWriter,
  tls12Keys,
  tls13Keys,
} from '../../src/index.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

let dir = '';
let key = '';
let cert = '';

beforeAll(() => {
  if (!hasOpenssl) return;
  dir = mkdtempSync(join(tmpdir(), 'strata-record-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Capture {
  clientToServer: Uint8Array;
  serverToClient: Uint8Array;
  keylog: Map<string, Uint8Array>;
  clientRandom: Uint8Array;
  suite: CipherSuite;
  clientReceived: string;
}

const CLIENT_MESSAGE = 'hello from the client';
const serverReply = (got: string) => `server got: ${got}`;

/** One connection through the recording proxy; everything bounded by a timeout. */
async function capture(options: tls.ConnectionOptions & tls.TlsOptions): Promise<Capture> {
  const sockets: net.Socket[] = [];
  const server = tls.createServer({ key, cert, ...options }, (socket) => {
    socket.once('data', (d) => socket.end(serverReply(d.toString())));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serverPort = (server.address() as net.AddressInfo).port;

  const toServer: Buffer[] = [];
  const toClient: Buffer[] = [];
  const proxy = net.createServer((down) => {
    const up = net.connect(serverPort, '127.0.0.1');
    sockets.push(down, up);
    down.on('data', (d) => {
      toServer.push(Buffer.from(d));
      up.write(d);
    });
    up.on('data', (d) => {
      toClient.push(Buffer.from(d));
      down.write(d);
    });
    down.on('end', () => up.end());
    up.on('end', () => down.end());
    down.on('error', () => up.destroy());
    up.on('error', () => down.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyPort = (proxy.address() as net.AddressInfo).port;

  const keylog = new Map<string, Uint8Array>();
  let clientRandom: Uint8Array = new Uint8Array();
  let suiteName = '';
  let received = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('interop connection timed out')), 10_000);
      const client = tls.connect({
        host: '127.0.0.1',
        port: proxyPort,
        rejectUnauthorized: false,
        ...options,
      });
      sockets.push(client);
      client.on('keylog', (line) => {
        const [label, random, secret] = line.toString().trim().split(' ');
        if (label && random && secret) {
          keylog.set(label, fromHex(secret));
          clientRandom = fromHex(random);
        }
      });
      client.on('secureConnect', () => {
        suiteName = client.getCipher().standardName;
        client.write(CLIENT_MESSAGE);
      });
      client.on('data', (d) => {
        received += d.toString();
      });
      client.on('end', () => {
        client.end();
      });
      client.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    // Let the proxy forward the client's last records (its close_notify).
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => proxy.close(resolve));
    await new Promise((resolve) => server.close(resolve));
  }
  const suite = cipherSuiteByName(nobleProvider, suiteName);
  if (!suite) throw new Error(`unknown suite ${suiteName}`);
  return {
    clientToServer: new Uint8Array(Buffer.concat(toServer)),
    serverToClient: new Uint8Array(Buffer.concat(toClient)),
    keylog,
    clientRandom,
    suite,
    clientReceived: received,
  };
}

function describeEvent(e: ReadEvent): string {
  switch (e.type) {
    case 'handshake':
      return `hs:${e.message.type}`;
    case 'application_data':
      return `data:${new TextDecoder().decode(e.data)}`;
    case 'alert':
      return `alert:${e.alert.name}`;
    case 'change_cipher_spec':
      return 'ccs';
  }
}

/** Reads events, running `onEvent` after each (it may install keys), until none is left. */
function drive(reader: RecordReader, bytes: Uint8Array, onEvent: (e: ReadEvent) => void): string[] {
  reader.push(bytes);
  const seen: string[] = [];
  for (let ev = reader.read(); ev; ev = reader.read()) {
    seen.push(describeEvent(ev));
    onEvent(ev);
  }
  return seen;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
}

const tls13Cases = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];
const tls12Cases = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
];

describe.skipIf(!hasOpenssl)('interop with node:tls (OpenSSL)', () => {
  for (const name of tls13Cases) {
    it(`TLS 1.3 ${name}: opens both directions, reproduces the data records`, async () => {
      const c = await capture({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: name });
      expect(c.suite.name).toBe(name);
      expect(c.clientReceived).toBe(serverReply(CLIENT_MESSAGE));
      const secret = (label: string) => {
        const s = c.keylog.get(label);
        if (!s) throw new Error(`no ${label} in the key log`);
        return s;
      };

      // Server → client.
      const fromServer = new RecordReader();
      let serverDataSeq = -1n;
      const serverEvents = drive(fromServer, c.serverToClient, (ev) => {
        if (ev.type === 'handshake' && ev.message.type === 2) {
          fromServer.setVersion('TLS1.3');
          fromServer.allowCompatibilityCcs = true;
          fromServer.installKeys(tls13Keys(c.suite, secret('SERVER_HANDSHAKE_TRAFFIC_SECRET')));
        } else if (ev.type === 'handshake' && ev.message.type === 20) {
          fromServer.allowCompatibilityCcs = false;
          fromServer.installKeys(tls13Keys(c.suite, secret('SERVER_TRAFFIC_SECRET_0')));
        } else if (ev.type === 'application_data') {
          serverDataSeq = fromServer.sequence - 1n;
        }
      });
      expect(serverEvents.slice(0, 6)).toEqual(['hs:2', 'hs:8', 'hs:11', 'hs:15', 'hs:20', 'hs:4']);
      expect(serverEvents).toContain(`data:${serverReply(CLIENT_MESSAGE)}`);
      expect(serverEvents.at(-1)).toBe('alert:close_notify');

      // Client → server.
      const fromClient = new RecordReader();
      let clientDataSeq = -1n;
      const clientEvents = drive(fromClient, c.clientToServer, (ev) => {
        if (ev.type === 'handshake' && ev.message.type === 1) {
          fromClient.setVersion('TLS1.3');
          fromClient.allowCompatibilityCcs = true;
          fromClient.installKeys(tls13Keys(c.suite, secret('CLIENT_HANDSHAKE_TRAFFIC_SECRET')));
        } else if (ev.type === 'handshake' && ev.message.type === 20) {
          fromClient.installKeys(tls13Keys(c.suite, secret('CLIENT_TRAFFIC_SECRET_0')));
        } else if (ev.type === 'application_data') {
          clientDataSeq = fromClient.sequence - 1n;
        }
      });
      expect(clientEvents).toEqual([
        'hs:1',
        'hs:20',
        `data:${CLIENT_MESSAGE}`,
        'alert:close_notify',
      ]);

      // Strata writes the same records OpenSSL wrote.
      const w = new RecordWriter();
      w.installKeys(tls13Keys(c.suite, secret('CLIENT_TRAFFIC_SECRET_0')), {
        sequence: clientDataSeq,
      });
      w.writeApplicationData(utf8(CLIENT_MESSAGE));
      w.writeCloseNotify();
      expect(contains(c.clientToServer, w.takeOutput())).toBe(true);
      const ws = new RecordWriter();
      ws.installKeys(tls13Keys(c.suite, secret('SERVER_TRAFFIC_SECRET_0')), {
        sequence: serverDataSeq,
      });
      ws.writeApplicationData(utf8(serverReply(CLIENT_MESSAGE)));
      expect(contains(c.serverToClient, ws.takeOutput())).toBe(true);
    });
  }

  for (const name of tls12Cases) {
    it(`TLS 1.2 ${name}: opens both directions after ChangeCipherSpec`, async () => {
      const c = await capture({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: name });
      expect(c.suite.opensslName).toBe(name);
      if (c.suite.version !== 'TLS1.2') throw new Error('expected a TLS 1.2 suite');
      const suite = c.suite;
      expect(c.clientReceived).toBe(serverReply(CLIENT_MESSAGE));
      const master = c.keylog.get('CLIENT_RANDOM');
      if (!master) throw new Error('no CLIENT_RANDOM line in the key log');

      let serverRandom: Uint8Array = new Uint8Array();
      const keyBlock = () => {
        const k = suite.aead.keyLength;
        const iv = suite.fixedIvLength;
        const block = tls12Prf(
          suite.hash,
          master,
          'key expansion',
          concatBytes(serverRandom, c.clientRandom),
          2 * k + 2 * iv,
        );
        return {
          client: tls12Keys(suite, block.subarray(0, k), block.subarray(2 * k, 2 * k + iv)),
          server: tls12Keys(
            suite,
            block.subarray(k, 2 * k),
            block.subarray(2 * k + iv, 2 * k + 2 * iv),
          ),
        };
      };

      const fromServer = new RecordReader();
      let serverDataSeq = -1n;
      const serverEvents = drive(fromServer, c.serverToClient, (ev) => {
        if (ev.type === 'handshake' && ev.message.type === 2) {
          fromServer.setVersion('TLS1.2');
          serverRandom = ev.message.body.slice(2, 34);
        } else if (ev.type === 'change_cipher_spec') {
          fromServer.installKeys(keyBlock().server);
        } else if (ev.type === 'application_data') {
          serverDataSeq = fromServer.sequence - 1n;
        }
      });
      expect(serverEvents.slice(0, 4)).toEqual(['hs:2', 'hs:11', 'hs:12', 'hs:14']);
      expect(serverEvents.slice(-4)).toEqual([
        'ccs',
        'hs:20',
        `data:${serverReply(CLIENT_MESSAGE)}`,
        'alert:close_notify',
      ]);

      const fromClient = new RecordReader();
      let clientDataSeq = -1n;
      const clientEvents = drive(fromClient, c.clientToServer, (ev) => {
        if (ev.type === 'handshake' && ev.message.type === 1) {
          fromClient.setVersion('TLS1.2');
          expect(ev.message.body.slice(2, 34)).toEqual(c.clientRandom);
        } else if (ev.type === 'change_cipher_spec') {
          fromClient.installKeys(keyBlock().client);
        } else if (ev.type === 'application_data') {
          clientDataSeq = fromClient.sequence - 1n;
        }
      });
      expect(clientEvents).toEqual([
        'hs:1',
        'hs:16',
        'ccs',
        'hs:20',
        `data:${CLIENT_MESSAGE}`,
        'alert:close_notify',
      ]);

      if (suite.explicitNonceLength === 0) {
        // ChaCha20-Poly1305's nonce is deterministic (RFC 7905): same keys, same record.
        const w = new RecordWriter();
        w.installKeys(keyBlock().client, { sequence: clientDataSeq });
        w.writeApplicationData(utf8(CLIENT_MESSAGE));
        expect(contains(c.clientToServer, w.takeOutput())).toBe(true);
        const ws = new RecordWriter();
        ws.installKeys(keyBlock().server, { sequence: serverDataSeq });
        ws.writeApplicationData(utf8(serverReply(CLIENT_MESSAGE)));
        expect(contains(c.serverToClient, ws.takeOutput())).toBe(true);
      }
    });
  }
});
