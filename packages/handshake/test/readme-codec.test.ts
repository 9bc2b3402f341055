// The README's "Message codec" example, run as written (with RFC 8448 §3 bytes).
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  decodeHandshakeMessage,
  encodeHandshakeMessage,
  extensionValue,
  hostNameOf,
  NamedGroup,
  readHandshakeHeader,
} from '../src/index.js';
import { s3ClientHello } from './vectors/rfc8448.js';

describe('README message codec example', () => {
  it('runs as documented', () => {
    const bytes = fromHex(s3ClientHello);
    const hashed: Uint8Array[] = [];
    const transcript = { update: (b: Uint8Array) => hashed.push(b) };
    const verifyData = new Uint8Array(32).fill(1);

    const header = readHandshakeHeader(bytes, 0, {});
    const { parsed, encoded } = decodeHandshakeMessage(bytes);
    let sni: string | undefined;
    let x25519: { group: number } | undefined;
    if (parsed.kind === 'client_hello') {
      sni = hostNameOf(extensionValue(parsed.extensions, 'server_name') ?? []);
      const shares = extensionValue(parsed.extensions, 'key_share') ?? [];
      x25519 = shares.find((s) => s.group === NamedGroup.x25519);
    }
    transcript.update(encoded);
    const finished = encodeHandshakeMessage({ kind: 'finished', verifyData });

    expect(header).toEqual({ type: 1, length: bytes.length - 4 });
    expect(sni).toBe('server');
    expect(x25519?.group).toBe(0x1d);
    expect(hashed[0]).toBe(bytes);
    expect(toHex(finished)).toBe(`14000020${'01'.repeat(32)}`);
  });
});
