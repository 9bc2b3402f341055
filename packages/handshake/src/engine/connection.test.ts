import { describe, expect, it } from 'vitest';
import { alertSent, handshake, pair, transfer } from '../../test/helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

describe('ClientConnection ↔ ServerConnection in memory', () => {
  it('completes a handshake and carries data both ways, then closes cleanly', () => {
    const { client, server } = pair();
    client.write(text('queued before the handshake'));
    handshake(client, server);
    const ce = client.takeEvents();
    const se = server.takeEvents();
    expect(alertSent(ce)).toBeUndefined();
    expect(alertSent(se)).toBeUndefined();
    expect(client.handshakeComplete).toBe(true);
    expect(server.handshakeComplete).toBe(true);
    expect(str(server.read())).toBe('queued before the handshake');
    server.write(text('hello client'));
    transfer(server, client);
    expect(str(client.read())).toBe('hello client');
    client.close();
    transfer(client, server);
    expect(server.peerClosed).toBe(true);
    server.close();
    transfer(server, client);
    expect(client.closed).toBe(true);
    expect(server.closed).toBe(true);
  });
});
