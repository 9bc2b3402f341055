import {
  ERR_peek_error,
  SSL_CTX_load_verify_locations,
  SSL_CTX_new,
  TLS_client_method,
} from '@strata/openssl/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Exit, exitCheck, exitOnError, printErrorQueue } from './exit.js';
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

function stderrOf(f: () => void): string {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    f();
  } finally {
    spy.mockRestore();
  }
  return stderr;
}

/** Queues a real error: a -CAfile that does not exist. */
function queueAnError(): void {
  SSL_CTX_load_verify_locations(SSL_CTX_new(TLS_client_method()), '/nonexistent/ca.pem', null);
  expect(ERR_peek_error()).not.toBe(0);
}

describe('printErrorQueue', () => {
  it('prints error:<hint> when the queue is empty, after the prefix', () => {
    expect(ERR_peek_error()).toBe(0);
    expect(stderrOf(() => printErrorQueue('read failed'))).toBe('error:read failed\n');
    expect(stderrOf(() => printErrorQueue('read failed', '[3] '))).toBe('[3] error:read failed\n');
  });

  it("prints and empties OpenSSL's queue, each line after the prefix, instead of the hint", () => {
    queueAnError();
    const text = stderrOf(() => printErrorQueue('never shown', '[2] '));
    expect(ERR_peek_error()).toBe(0);
    expect(text).not.toContain('never shown');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\[2\] [0-9A-F]+:error:[0-9A-F]{8}:/);
  });
});

describe('exitCheck', () => {
  it('does nothing when the step succeeded', () => {
    expect(stderrOf(() => exitCheck(true, 'unused'))).toBe('');
  });

  it('prints the queue (or the hint) and throws Exit(1) when it failed', () => {
    let thrown: unknown;
    const hint = stderrOf(() => {
      try {
        exitCheck(false, 'cannot load -CAfile x');
      } catch (e) {
        thrown = e;
      }
    });
    expect(thrown).toBeInstanceOf(Exit);
    expect((thrown as Exit).code).toBe(1);
    expect(hint).toBe('error:cannot load -CAfile x\n');
    queueAnError();
    const queued = stderrOf(() => expect(() => exitCheck(false, 'hidden')).toThrow(Exit));
    expect(queued).toMatch(/error:[0-9A-F]{8}:/);
    expect(queued).not.toContain('hidden');
  });
});
