// `npm run bench`: each feature's benchmark (test/bench/*.bench.ts), one after another, so their
// figures do not disturb each other. A benchmark, not a timed test: it prints figures.
// Usage: node scripts/bench.mjs [name ...]   e.g. `npm run bench -- lint`
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'test/bench'))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'test/bench', file)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
