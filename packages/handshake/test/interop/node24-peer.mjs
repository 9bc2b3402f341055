// A node:tls peer run by a newer Node (24, OpenSSL 3.5, which has
// X25519MLKEM768) for the interop test beside it. Usage:
//   node24 node24-peer.mjs server <fixtures dir> <groups> [port]
//   node24 node24-peer.mjs client <fixtures dir> <groups> <port>
// <groups> is OpenSSL's colon-separated list ('' for OpenSSL's default).
// It prints `LISTENING <port>` (server), then one `RESULT <json>` line:
// the negotiated protocol, cipher, ephemeral key info, what it received,
// and whether the peer's close_notify arrived. It exits on its own after
// one connection, and within 20 s whatever happens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tls from 'node:tls';

const [mode, dir, groups, portArg] = process.argv.slice(2);
const fx = (name) => readFileSync(join(dir, name));
setTimeout(() => {
  console.log(`RESULT ${JSON.stringify({ error: 'timeout' })}`);
  process.exit(2);
}, 20_000).unref();

function report(socket, received, extra = {}) {
  console.log(
    `RESULT ${JSON.stringify({
      protocol: socket.getProtocol(),
      cipher: socket.getCipher()?.standardName,
      ephemeral: socket.getEphemeralKeyInfo?.() ?? null,
      received,
      openssl: process.versions.openssl,
      ...extra,
    })}`,
  );
}

const common = { minVersion: 'TLSv1.3', ...(groups ? { ecdhCurve: groups } : {}) };

if (mode === 'server') {
  const server = tls.createServer(
    { ...common, key: fx('server-p256.key'), cert: fx('server-p256.pem') },
    (socket) => {
      let received = '';
      socket.on('data', (d) => {
        received += d.toString();
        if (received.includes('\n')) socket.write('hello from node 24\n');
      });
      // 'end' is the peer's close_notify (then its TCP FIN): answer with ours
      socket.on('end', () => {
        report(socket, received, { peerClosed: true });
        socket.end();
        server.close();
      });
      socket.on('error', (e) => {
        console.log(`RESULT ${JSON.stringify({ error: e.message })}`);
        server.close();
      });
    },
  );
  server.on('tlsClientError', (e) => {
    console.log(`RESULT ${JSON.stringify({ error: e.message })}`);
    server.close();
  });
  server.listen(Number(portArg ?? 0), '127.0.0.1', () => {
    console.log(`LISTENING ${server.address().port}`);
  });
} else {
  const socket = tls.connect({
    ...common,
    host: '127.0.0.1',
    port: Number(portArg),
    servername: 'localhost',
    ca: fx('ca.pem'),
  });
  let received = '';
  socket.on('secureConnect', () => socket.write('hello from node 24\n'));
  socket.on('data', (d) => {
    received += d.toString();
    if (received.includes('\n')) socket.end();
  });
  socket.on('end', () => report(socket, received, { peerClosed: true }));
  socket.on('close', () => process.exit(0));
  socket.on('error', (e) => {
    console.log(`RESULT ${JSON.stringify({ error: e.message })}`);
    process.exit(1);
  });
}
