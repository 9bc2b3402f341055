import { afterEach, describe, expect, it, vi } from 'vitest';
import { Exit, exitOnError } from './exit.js';
import { UsageError } from './flags.js';

class Exited extends Error {
  constructor(readonly code: number | undefined) {
    super('exited');
  }
}

function run(e: unknown): { code: number | undefined; stderr: string } {
  let stderr = '';
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exited(code === undefined || code === null ? undefined : Number(code));
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    exitOnError('prog', { quiet: { help: 'say nothing' } }, e);
  } catch (x) {
    if (x instanceof Exited) return { code: x.code, stderr };
    throw x;
  }
  throw new Error('exitOnError returned');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('exitOnError', () => {
  it('exits with the code of an Exit and prints nothing', () => {
    expect(run(new Exit(3))).toEqual({ code: 3, stderr: '' });
  });

  it('prints a usage error with the usage and exits 1', () => {
    const { code, stderr } = run(new UsageError('unknown option -x'));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `prog: unknown option -x\nusage: prog [options]\n -quiet${' '.repeat(19)} say nothing\n`,
    );
  });

  it('prints any other failure as error:<message> and exits 1', () => {
    expect(run(new Error('boom'))).toEqual({ code: 1, stderr: 'error:boom\n' });
    expect(run('plain')).toEqual({ code: 1, stderr: 'error:plain\n' });
  });
});
