#!/usr/bin/env node
// Packs the package in the current directory exactly as `pnpm publish` would
// (workspace: ranges rewritten) and runs publint and @arethetypeswrong/cli on
// the tarball, so what users install is what gets checked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const destination = mkdtempSync(join(tmpdir(), 'strata-pack-'));
try {
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { stdio: 'ignore' });
  const tarball = readdirSync(destination).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('package-check: pnpm pack produced no tarball');
  const path = join(destination, tarball);
  execFileSync('publint', ['run', path, '--strict'], { stdio: 'inherit' });
  execFileSync('attw', [path, '--profile', 'esm-only', '--format', 'table-flipped'], {
    stdio: 'inherit',
  });
} finally {
  rmSync(destination, { recursive: true, force: true });
}
