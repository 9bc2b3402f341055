import { resolve } from 'node:path';
import { checkWorkspace } from './check.js';

const root = resolve(process.argv[2] ?? '.');
const violations = checkWorkspace(root);
if (violations.length === 0) {
  console.log('layering: every package stays within its layer');
} else {
  for (const v of violations) console.error(`${v.where}: [${v.rule}] ${v.message}`);
  console.error(`layering: ${violations.length} violation(s)`);
  process.exitCode = 1;
}
