/**
 * tls-dump: prints the records and handshake messages of a captured TLS
 * connection, and decrypts TLS 1.3 with an NSS key log.
 *
 *   tls-dump -client c.bin -server s.bin [-keylog keys.log]
 *   tls-dump -pcap session.pcap [-port 4433] [-keylog keys.log]
 */
import { readFileSync } from 'node:fs';
import { parseKeyLog } from './decoder.js';
import { type Chunk, dump } from './dump.js';
import { readStream } from './input.js';
import { readPcap } from './pcap.js';

const USAGE = `usage: tls-dump (-client FILE -server FILE | -pcap FILE [-port N]) [-keylog FILE] [-data N]
  -client FILE   bytes the client sent (binary, or hex text)
  -server FILE   bytes the server sent (binary, or hex text)
  -pcap FILE     a classic pcap of the connection (the first TCP connection, or the one on -port)
  -port N        pick the connection on this TCP port in a pcap
  -keylog FILE   NSS key log (SSLKEYLOGFILE): decrypts TLS 1.3 records
  -data N        characters of application data to show per record (default 60, 0: none)
`;

class UsageError extends Error {}

function parse(argv: readonly string[]): Map<string, string> {
  const known = new Set(['client', 'server', 'pcap', 'port', 'keylog', 'data']);
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') continue;
    if (word === '-help' || word === '--help' || word === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const name = word.replace(/^--?/, '');
    if (!word.startsWith('-') || !known.has(name)) throw new UsageError(`unknown option ${word}`);
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${word} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

try {
  const flags = parse(process.argv.slice(2));
  let chunks: Chunk[];
  let header: string;
  const pcapFile = flags.get('pcap');
  if (pcapFile !== undefined) {
    const port = flags.has('port') ? Number(flags.get('port')) : undefined;
    const flow = readPcap(new Uint8Array(readFileSync(pcapFile)), port);
    chunks = [...flow.segments];
    header = `${pcapFile}: TCP ${flow.client} → ${flow.server}, ${chunks.length} segments with data`;
  } else {
    const client = flags.get('client');
    const server = flags.get('server');
    if (client === undefined || server === undefined) {
      throw new UsageError('give -pcap FILE, or both -client FILE and -server FILE');
    }
    chunks = [
      { fromClient: true, data: readStream(client) },
      { fromClient: false, data: readStream(server) },
    ];
    header = `client stream ${client} (${chunks[0]!.data.length} bytes), server stream ${server} (${chunks[1]!.data.length} bytes)`;
  }
  const keylogFile = flags.get('keylog');
  const keyLog =
    keylogFile === undefined
      ? new Map<string, Uint8Array>()
      : parseKeyLog(readFileSync(keylogFile, 'utf8'));
  const data = flags.has('data') ? Number(flags.get('data')) : 60;
  const result = dump(chunks, keyLog, {
    dataPreview: Number.isInteger(data) && data >= 0 ? data : 60,
  });
  process.stdout.write(`${header}\n`);
  if (keylogFile !== undefined)
    process.stdout.write(`key log ${keylogFile}: ${keyLog.size} secrets\n`);
  process.stdout.write(`\n${result.lines.join('\n')}\n\n`);
  process.stdout.write(
    `${result.records.client} records client → server, ${result.records.server} server → client` +
      (result.opaque > 0
        ? `; ${result.opaque} left encrypted${keylogFile === undefined ? ' (give -keylog to open them)' : ' (no matching secret)'}`
        : '') +
      '\n',
  );
} catch (e) {
  process.stderr.write(`tls-dump: ${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof UsageError) process.stderr.write(USAGE);
  process.exit(1);
}
