import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFixtures } from '../bench/fixtures.js';
import { forgeBulk, forgeHandshake } from '../bench/forge.js';
import {
  jsonReport,
  type Meta,
  markdownTable,
  NOT_YET,
  ratio,
  renderMarkdown,
  writeReports,
} from '../bench/report.js';
import { type Case, median, pairedRatio, runInterleaved, stats } from '../bench/sampler.js';
import {
  BioPairPump,
  bulkInMemory,
  type Endpoint,
  handshakeInMemory,
  handshakeOverSocket,
  startStrataServer,
  strataConfigs,
} from '../bench/strata.js';

const meta: Meta = {
  date: '2026-11-22T00:00:00.000Z',
  node: 'v20.0.0',
  cpu: 'Test CPU',
  cores: 2,
  mode: 'quick',
  packages: { '@strata/handshake': '0.1.0' },
  settings: { rounds: 3 },
};

describe('report', () => {
  it('renders a Markdown table with escaped cells and checks row widths', () => {
    const t = markdownTable(['row', 'value'], [['a|b', '1']]);
    expect(t.split('\n')).toEqual(['| row | value |', '| :--- | ---: |', '| a\\|b | 1 |']);
    expect(() => markdownTable(['a', 'b'], [['only one']])).toThrow(/1 cells/);
  });

  it('formats ratios as percentages below 10×', () => {
    expect(ratio(0.873)).toBe('87%');
    expect(ratio(0.05)).toBe('5.0%');
    expect(ratio(24.3)).toBe('24.3×');
    expect(ratio(Number.NaN)).toBe('—');
    expect(ratio(undefined)).toBe('—');
  });

  it('keeps only finite figures in the JSON, sorted by key', () => {
    const r = jsonReport(
      meta,
      new Map([
        ['b.hs_per_s', 12.3456789],
        ['a.ratio', 0.5],
        ['handshake.resumed.hs_per_s', Number.NaN],
      ]),
    );
    expect(Object.keys(r.results)).toEqual(['a.ratio', 'b.hs_per_s']);
    expect(r.results['b.hs_per_s']).toBe(12.3457);
    expect(r.meta.cpu).toBe('Test CPU');
  });

  it('writes both files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const md = writeReports(
        join(dir, 'B.md'),
        join(dir, 'B.json'),
        meta,
        [{ title: 'T', header: ['row', 'x'], rows: [['resumed', NOT_YET]], notes: ['a note'] }],
        new Map([['k', 1]]),
      );
      expect(readFileSync(join(dir, 'B.md'), 'utf8')).toBe(md);
      expect(md).toContain('| resumed | n/a (not yet implemented) |');
      expect(md).toContain('Node v20.0.0');
      expect(md).toContain('- a note');
      expect(JSON.parse(readFileSync(join(dir, 'B.json'), 'utf8')).results).toEqual({ k: 1 });
      expect(renderMarkdown(meta, [])).toContain('@strata/handshake 0.1.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sampler', () => {
  it('computes medians, spreads and paired ratios', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(stats([5, 1, 3])).toMatchObject({ median: 3, min: 1, max: 5 });
    expect(pairedRatio([2, 4, 9], [1, 2, 3])).toBe(2);
  });

  it('rotates the order of cases from round to round', async () => {
    const order: string[] = [];
    const mk = (key: string): Case => ({
      key,
      sample: () => {
        order.push(key);
        return 1;
      },
    });
    const run = await runInterleaved([mk('a'), mk('b'), mk('c')], 3, 1);
    expect(order.join('')).toBe('abcbcacab');
    expect(run.rounds.get('b')).toEqual([1, 1, 1]);
  });
});

/** An endpoint that sends a fixed payload and records what it receives. */
class FakeEndpoint implements Endpoint {
  received: Uint8Array[] = [];
  #out: Uint8Array | undefined;
  constructor(out: Uint8Array) {
    this.#out = out;
  }
  takeOutput(): Uint8Array {
    const o = this.#out ?? new Uint8Array(0);
    this.#out = undefined;
    return o;
  }
  receive(bytes: Uint8Array): void {
    this.received.push(bytes.slice());
  }
  all(): Uint8Array {
    const out = new Uint8Array(this.received.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of this.received) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }
}

describe('in-memory pump over a BIO pair', () => {
  it('moves more than the pair holds, both ways, byte for byte', () => {
    const a = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 255);
    const b = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 13 + 1) & 255);
    const client = new FakeEndpoint(a);
    const server = new FakeEndpoint(b);
    const pump = new BioPairPump(client, server);
    expect(pump.pump()).toBe(a.length + b.length);
    expect(server.all()).toEqual(a);
    expect(client.all()).toEqual(b);
    expect(pump.moved).toEqual({ toServer: a.length, toClient: b.length });
    expect(pump.pump()).toBe(0);
    pump.free();
  });
});

describe('drivers with real certificates', () => {
  const fx = makeFixtures();

  it('Strata handshakes and moves bulk data in memory', () => {
    for (const kind of ['ecdsa_p256', 'rsa2048'] as const) {
      const pump = handshakeInMemory(strataConfigs(fx[kind], kind, 'x25519', 'chacha20poly1305'));
      expect(pump.client.negotiated.cipherSuite).toBeDefined();
      expect(bulkInMemory(pump, 200_000, new Uint8Array(65536))).toBe(400_000);
      pump.free();
    }
  });

  it('Strata handshakes over 127.0.0.1', async () => {
    const configs = strataConfigs(fx.ecdsa_p256, 'ecdsa_p256', 'x25519mlkem768');
    const server = await startStrataServer(configs.server, 'handshake');
    try {
      await handshakeOverSocket(server.port, configs.client);
      expect(server.completed()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('node-forge handshakes in memory (TLS 1.0/1.1) and moves data', () => {
    const pair = forgeHandshake(fx.rsa2048);
    expect(pair.version()).toMatch(/^TLS 1\.[01]$/);
    expect(forgeBulk(pair, 70_000)).toBe(140_000);
  });
});
