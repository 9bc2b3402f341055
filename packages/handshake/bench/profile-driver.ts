// Profiling driver: N full handshakes (client+server in memory, P-256, x25519,
// AES-128-GCM). Run: node --cpu-prof --conditions=@strata/source --import tsx bench/profile-driver.ts [N]
import { oneHandshake } from './shared.js';

const N = Number(process.argv[2] ?? 300);
const start = performance.now();
for (let n = 0; n < N; n++) oneHandshake();
console.log(`${N} handshakes, ${((N * 1000) / (performance.now() - start)).toFixed(1)}/s`);
