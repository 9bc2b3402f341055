#!/usr/bin/env node
// Brings a fresh machine (only Node 20+ and npm) to a state where every
// workspace script runs: the pinned pnpm, the Debian packages the interop
// tests talk to (openssl, libssl-dev, a C compiler), and the workspace's own
// dependencies from the lockfile. Each step is skipped when already done, so
// the test command can call this on every run.
import { execSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const pinnedPnpm = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
  .packageManager.replace(/^pnpm@/, '');
const debianPackages = ['openssl', 'libssl-dev', 'gcc', 'libc6-dev', 'tshark'];

function run(command) {
  console.log(`setup: ${command}`);
  execSync(command, { stdio: 'inherit', cwd: root });
}

function output(command) {
  const result = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`setup: Node ${process.versions.node} is too old; Strata needs Node >= 20.19`);
  process.exit(1);
}

if (output('pnpm --version') !== pinnedPnpm) {
  run(`npm install --global --no-fund --no-audit pnpm@${pinnedPnpm}`);
}

const missing = debianPackages.filter(
  (name) => output(`dpkg-query -W -f='\${Status}' ${name}`) !== 'install ok installed',
);
if (missing.length > 0) {
  if (output('command -v apt-get') === undefined) {
    console.warn(`setup: cannot install ${missing.join(', ')} (no apt-get); interop tests need them`);
  } else {
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    run(`${sudo}apt-get update -qq`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`);
  }
}

run('pnpm install --frozen-lockfile --prefer-offline');
