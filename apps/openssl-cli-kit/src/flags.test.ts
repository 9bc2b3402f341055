import { describe, expect, it } from 'vitest';
import { alpnWire, type FlagSpec, parseFlags, UsageError, usage } from './flags.js';
import { opensslName } from './names.js';

const SPEC: Readonly<Record<string, FlagSpec>> = {
  connect: { arg: 'host:port', help: 'where to' },
  cert: { arg: 'file', help: 'a certificate', repeat: true },
  quiet: { help: 'say nothing' },
  naccept: { arg: 'n', help: 'how many' },
};

describe('parseFlags', () => {
  it('reads values, switches, repeats and the last of a non-repeatable flag', () => {
    const f = parseFlags(
      ['-connect', 'a:1', '--quiet', '-cert', 'x', '-cert', 'y', '-connect', 'b:2', '--'],
      SPEC,
    );
    expect(f.get('connect')).toBe('b:2');
    expect(f.all('connect')).toEqual(['b:2']);
    expect(f.all('cert')).toEqual(['x', 'y']);
    expect(f.has('quiet')).toBe(true);
    expect(f.has('naccept')).toBe(false);
    expect(f.number('naccept', 7)).toBe(7);
    expect(parseFlags(['-naccept', '3'], SPEC).number('naccept', 7)).toBe(3);
  });

  it('refuses unknown options, stray arguments, missing values and bad numbers', () => {
    expect(() => parseFlags(['-nope'], SPEC)).toThrow(new UsageError('unknown option -nope'));
    expect(() => parseFlags(['word'], SPEC)).toThrow(UsageError);
    expect(() => parseFlags(['-connect'], SPEC)).toThrow(/-connect needs a value \(host:port\)/);
    expect(() => parseFlags(['-naccept', '-1'], SPEC).number('naccept', 0)).toThrow(
      /-naccept: not a number: -1/,
    );
  });
});

describe('usage', () => {
  it('lists every flag with its argument, help and repeatability', () => {
    const text = usage('prog', SPEC);
    expect(text.startsWith('usage: prog [options]\n')).toBe(true);
    expect(text).toContain(' -connect host:port');
    expect(text).toContain('a certificate (repeatable)');
    expect(text.trimEnd().split('\n')).toHaveLength(1 + Object.keys(SPEC).length);
  });
});

describe('alpnWire and opensslName', () => {
  it('encodes a comma-separated ALPN list with length prefixes', () => {
    expect([...alpnWire('h2,http/1.1')]).toEqual([
      2,
      ...new TextEncoder().encode('h2'),
      8,
      ...new TextEncoder().encode('http/1.1'),
    ]);
    expect(() => alpnWire(`${'a'.repeat(256)}`)).toThrow(UsageError);
  });

  it('prints a one-line name the way openssl s_client does', () => {
    expect(opensslName('/O=Org/CN=name')).toBe('O = Org, CN = name');
  });
});
