#!/usr/bin/env node
// The whole test command after set-up: the layering check, then every
// package's build, lint, typecheck, tests and package check through turbo.
// Prints one closing line that sums the vitest runs of every package.
import { spawn } from 'node:child_process';

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const layering = await run('node', ['tooling/layering/bin/layering.mjs', '.']);
const turbo = await run('pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  'lint',
  'typecheck',
  'test',
  'package-check',
  '--log-order=grouped',
  '--continue',
  '--concurrency=2',
  ...process.argv.slice(2),
]);

// Vitest ends each run with e.g. "Tests  24 passed | 1 failed | 2 skipped (27)".
const totals = { passed: 0, failed: 0, skipped: 0 };
const plain = (layering.output + turbo.output).replace(/\u001b\[[0-9;]*m/g, '');
for (const line of plain.split('\n')) {
  const summary = line.match(/^(?:\S+:test:)?\s*Tests\s+(.*)\(\d+\)\s*$/);
  if (summary === null) continue;
  for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    if (kind in totals) totals[kind] += Number(count);
  }
}
const code = layering.code !== 0 ? layering.code : turbo.code;
if (code !== 0 && totals.failed === 0) totals.failed = 1; // a build, lint or layering failure
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(code);
