import { resolveServer, type ServerConfig } from '../config.js';
import { Connection } from '../engine/connection.js';
import { ExpectClientHello } from './states.js';

/**
 * A TLS 1.3 server connection, sans I/O: feed it the client's bytes with
 * `receive`, send what `takeOutput()` returns.
 */
export class ServerConnection extends Connection {
  constructor(config: ServerConfig) {
    const resolved = resolveServer(config);
    super('server', resolved, config.keyLog, () => new ExpectClientHello(resolved));
  }
}
