import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcap } from './capture.js';
import { hasTshark, tsharkFields } from './tshark.js';

const text = (s: string) => new TextEncoder().encode(s);

(hasTshark ? describe : describe.skip)('tsharkFields (tshark on PATH)', () => {
  it('reads plain HTTP from a synthetic pcap, and nothing for a filter that matches nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-test-peers-'));
    const file = join(dir, 'plain.pcap');
    writeFileSync(
      file,
      pcap([
        { fromClient: true, data: text('GET /plain-text HTTP/1.0\r\n\r\n') },
        { fromClient: false, data: text('HTTP/1.0 204 No Content\r\n\r\n') },
      ]),
    );
    const http = tsharkFields(file, {
      decodeAs: ['tcp.port==443,http'],
      filter: 'http',
      fields: ['http.request.uri', 'http.response.code'],
    });
    expect(http.status, http.stderr).toBe(0);
    expect(http.stdout).toContain('/plain-text');
    expect(http.stdout).toContain('204');
    expect(tsharkFields(file, { filter: 'dns', fields: ['dns.qry.name'] }).stdout.trim()).toBe('');
  });
});
