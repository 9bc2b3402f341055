import { type ClientConfig, resolveClient } from '../config.js';
import { Connection } from '../engine/connection.js';
import { startClient } from './states.js';

/**
 * A TLS 1.3 client connection, sans I/O. The ClientHello is ready in
 * `takeOutput()` as soon as the connection is constructed.
 *
 *   const client = new ClientConnection({ serverName: 'example.com', trustStore });
 *   socket.write(client.takeOutput());
 *   socket.on('data', (d) => { client.receive(d); socket.write(client.takeOutput()); });
 */
export class ClientConnection extends Connection {
  constructor(config: ClientConfig = {}) {
    const resolved = resolveClient(config);
    super('client', resolved, config.keyLog, (ctx) => startClient(resolved, ctx));
  }
}
