import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cert } from '../test/fixtures.js';
import type { Certificate, GeneralName } from './certificate.js';
import {
  checkHost,
  checkIp,
  opensslDnsMatch,
  strictDnsMatch,
  X509_CHECK_FLAG,
} from './hostname.js';
import { formatIp, parseIp } from './ip.js';
import type { DistinguishedName } from './name.js';

describe('strict policy (native default)', () => {
  const table: [string, string, boolean][] = [
    ['www.example.com', 'www.example.com', true],
    ['www.example.com', 'WWW.EXAMPLE.COM', true],
    ['WWW.Example.com', 'www.example.com.', true],
    ['www.example.com', 'example.com', false],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'A.Example.Com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', '.example.com', false],
    ['*.com', 'example.com', false],
    ['*.localhost', 'foo.localhost', false],
    ['f*.example.com', 'foo.example.com', false],
    ['*oo.example.com', 'foo.example.com', false],
    ['a.*.example.com', 'a.b.example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['*.example.com', '*.example.com', false],
    ['xn--bcher-kva.example', 'XN--BCHER-KVA.example', true],
    ['', 'example.com', false],
    ['exa mple.com', 'exa mple.com', false],
  ];
  for (const [pattern, host, expected] of table) {
    it(`${JSON.stringify(pattern)} vs ${JSON.stringify(host)} → ${expected}`, () => {
      expect(strictDnsMatch(pattern, host)).toBe(expected);
    });
  }

  it('never falls back to the subject CN', () => {
    expect(checkHost(cert('leaf-cn-only'), 'cn.example')).toBe(false);
    expect(checkHost(cert('leaf-cn-only'), 'cn.example', { policy: 'openssl' })).toBe(true);
    expect(
      checkHost(cert('leaf-cn-only'), 'cn.example', {
        policy: 'openssl',
        flags: X509_CHECK_FLAG.NEVER_CHECK_SUBJECT,
      }),
    ).toBe(false);
  });

  it('matches IP literals given as a host against IP SANs only', () => {
    expect(checkHost(cert('leaf-rsa'), '127.0.0.1')).toBe(true);
    expect(checkHost(cert('leaf-rsa'), '::1')).toBe(true);
    expect(checkHost(cert('leaf-rsa'), '127.0.0.2')).toBe(false);
  });

  it('refuses partial wildcards that OpenSSL accepts', () => {
    expect(checkHost(cert('leaf-wild-partial'), 'foo.partial.example')).toBe(false);
    expect(checkHost(cert('leaf-wild-partial'), 'foo.partial.example', { policy: 'openssl' })).toBe(
      true,
    );
  });
});

describe('IP addresses', () => {
  it('parses and formats v4 and v6', () => {
    expect(parseIp('192.168.0.1')).toEqual(new Uint8Array([192, 168, 0, 1]));
    expect(parseIp('::1')).toEqual(new Uint8Array([...new Array(15).fill(0), 1]));
    expect(parseIp('::ffff:1.2.3.4')).toEqual(
      new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]),
    );
    for (const bad of [
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '1::2::3',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      'g::1',
      '',
    ]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
    expect(formatIp(parseIp('2001:db8:0:0:0:0:2:1')!)).toBe('2001:db8::2:1');
  });

  it('round-trips IPv6 through text (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(parseIp(formatIp(bytes))).toEqual(bytes);
      }),
    );
  });

  it('checks IP SANs in v4 and v6, never the CN', () => {
    const leaf = cert('leaf-rsa');
    expect(checkIp(leaf, '127.0.0.1')).toBe(true);
    expect(checkIp(leaf, '0:0::1')).toBe(true);
    expect(checkIp(leaf, new Uint8Array([127, 0, 0, 1]))).toBe(true);
    expect(checkIp(leaf, '10.0.0.1')).toBe(false);
    expect(checkIp(leaf, 'www.example.com')).toBe(false);
  });
});

/** A certificate-shaped object with just the names the host check reads. */
function fake(mode: 'san' | 'cn' | 'both', name: string): Certificate {
  const cn = mode === 'san' ? 'subject' : name;
  const subject = {
    rdns: [
      [{ oid: '2.5.4.3', shortName: 'CN', value: cn, isString: true, valueDer: new Uint8Array(0) }],
    ],
  } as unknown as DistinguishedName;
  const san: GeneralName[] | undefined =
    mode === 'san'
      ? [{ type: 'dns', value: name }]
      : mode === 'both'
        ? [{ type: 'dns', value: 'san.invalid' }]
        : undefined;
  return { subject, subjectAltName: san } as unknown as Certificate;
}

function buildReference(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'strata-check-host-'));
  const out = join(dir, 'check-host');
  const src = join(import.meta.dirname, '..', 'test', 'c', 'check-host.c');
  const r = spawnSync('cc', ['-o', out, src, '-lcrypto'], { encoding: 'utf8' });
  return r.status === 0 ? out : undefined;
}

const reference = buildReference();

describe.skipIf(reference === undefined)(
  'openssl policy = X509_check_host (libcrypto, compiled from test/c/check-host.c)',
  () => {
    const label = fc.constantFrom(
      'a',
      'b',
      'foo',
      'xn--80ak6aa92e',
      '*',
      'f*',
      '*o',
      'A',
      '-a',
      'a-',
      '1',
      'localhost',
      'com',
      '',
    );
    const dnsName = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
    const hostLabel = fc.constantFrom(
      'a',
      'b',
      'foo',
      'FOO',
      'xn--80ak6aa92e',
      'localhost',
      'com',
      'oo',
      '',
    );
    const host = fc.oneof(
      fc.array(hostLabel, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.')),
      // A leading dot asks OpenSSL for any subdomain (_X509_CHECK_FLAG_DOT_SUBDOMAINS).
      fc.array(hostLabel, { minLength: 1, maxLength: 3 }).map((ls) => `.${ls.join('.')}`),
    );
    const flags = fc.constantFrom(
      0,
      X509_CHECK_FLAG.NO_PARTIAL_WILDCARDS,
      X509_CHECK_FLAG.NO_WILDCARDS,
      X509_CHECK_FLAG.MULTI_LABEL_WILDCARDS,
      X509_CHECK_FLAG.NEVER_CHECK_SUBJECT,
      X509_CHECK_FLAG.ALWAYS_CHECK_SUBJECT,
      X509_CHECK_FLAG.SINGLE_LABEL_SUBDOMAINS,
    );
    const mode = fc.constantFrom('san' as const, 'cn' as const, 'both' as const);

    it('agrees on 1500 generated (name, host, flags) cases', () => {
      const samples = fc.sample(fc.tuple(mode, dnsName, host, flags), { numRuns: 1500, seed: 4 });
      const cases = samples.filter(([, n, h]) => n.length > 0 && h.length > 0);
      const input = cases.map(([m, n, h, f]) => `${m}\t${n}\t${h}\t${f}\n`).join('');
      const r = spawnSync(reference!, [], { input, encoding: 'utf8' });
      expect(r.status).toBe(0);
      const theirs = r.stdout
        .trim()
        .split('\n')
        .map((l) => l === '1');
      expect(theirs.length).toBe(cases.length);
      const mismatches = cases.filter(
        ([m, n, h, f], i) =>
          checkHost(fake(m, n), h, { policy: 'openssl', flags: f }) !== theirs[i],
      );
      expect(mismatches).toEqual([]);
      // The generated cases exercise both outcomes.
      expect(theirs.some((x) => x)).toBe(true);
      expect(theirs.some((x) => !x)).toBe(true);
    });

    it('agrees on hand-picked wildcard cases', () => {
      const cases: [string, string, number][] = [
        ['*.example.com', 'a.example.com', 0],
        ['*.example.com', 'a.b.example.com', 0],
        ['*.example.com', 'a.b.example.com', X509_CHECK_FLAG.MULTI_LABEL_WILDCARDS],
        ['f*.example.com', 'foo.example.com', 0],
        ['f*.example.com', 'foo.example.com', X509_CHECK_FLAG.NO_PARTIAL_WILDCARDS],
        ['*.localhost', 'foo.localhost', 0],
        ['*.xn--80ak6aa92e.com', 'xn--a.xn--80ak6aa92e.com', 0],
        ['xn--*.example.com', 'xn--a.example.com', 0],
        ['*.example.com', '*.example.com', 0],
        ['www.example.com', '.example.com', 0],
        ['a.b.example.com', '.example.com', 0],
        ['a.b.example.com', '.example.com', X509_CHECK_FLAG.SINGLE_LABEL_SUBDOMAINS],
        ['example.com', '.example.com', 0],
      ];
      const input = cases.map(([n, h, f]) => `san\t${n}\t${h}\t${f}\n`).join('');
      const theirs = spawnSync(reference!, [], { input, encoding: 'utf8' })
        .stdout.trim()
        .split('\n');
      cases.forEach(([n, h, f], i) => {
        const ours = checkHost(fake('san', n), h, { policy: 'openssl', flags: f });
        expect(ours, `${n} ${h} ${f}`).toBe(theirs[i] === '1');
        if (!h.startsWith('.')) expect(opensslDnsMatch(n, h, f)).toBe(ours);
      });
    });
  },
);
