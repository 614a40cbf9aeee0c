// `npm test`: every layer, then one closing line summing them.
//   unit        plain Node, the engines (test/unit)
//   integration a real Docker engine (test/integration); skipped with the reason when none is
//               reachable, a failure under STEVEDORE_REQUIRE_DOCKER=1
//   extension   a real VS Code extension host (test/extension, scripts/test-extension.mjs)
//   checks      the type-check (tsc --noEmit) and ESLint (eslint.config.mjs); run first, and a
//               failure fails the run, but the suites still run so their results are not hidden
// Usage: node scripts/test.mjs [checks] [unit] [integration] [extension]   (default: all four)
// First scripts/prereqs.mjs installs what the requested layers need and starts a Docker engine
// when none answers; an engine it started is stopped when the tests end (or on Ctrl-C).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparePrerequisites, releaseOnSignals } from './prereqs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requested = process.argv.slice(2);
const layers = requested.length ? requested : ['checks', 'unit', 'integration', 'extension'];
const scratch = mkdtempSync(join(tmpdir(), 'stevedore-test-'));
const skipReasons = join(scratch, 'skip-reasons.txt');

let current;
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    current = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function mochaLayer(name) {
  const summary = join(scratch, `${name}.json`);
  const code = await run(process.execPath, [
    join(root, 'node_modules/mocha/bin/mocha.js'),
    '--reporter', join(root, 'test/support/summary-reporter.js'),
    // A handle a test forgets to close must not hang CI; the CLI tests spawn real processes, so
    // a hang in the product itself still fails them by timeout.
    '--exit',
    `test/${name}/**/*.test.ts`,
  ], { STEVEDORE_SUMMARY_FILE: summary, STEVEDORE_SKIP_REASONS: skipReasons });
  if (!existsSync(summary)) return { passed: 0, failed: 1, skipped: 0, note: `${name}: mocha exited ${code} before reporting` };
  return JSON.parse(readFileSync(summary, 'utf8'));
}

async function extensionLayer() {
  const summary = join(scratch, 'extension.json');
  const code = await run(process.execPath, [join(root, 'scripts/test-extension.mjs')], { STEVEDORE_SUMMARY_FILE: summary });
  if (!existsSync(summary)) return { passed: 0, failed: 1, skipped: 0, note: `extension: runner exited ${code} before reporting` };
  return JSON.parse(readFileSync(summary, 'utf8'));
}

/** Each static check counts as one test: passed when its command exits 0. */
async function checksLayer() {
  const checks = [
    ['type-check (tsc --noEmit)', [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit']],
    ['ESLint', [join(root, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', '.']],
  ];
  const failedNames = [];
  for (const [name, args] of checks) {
    console.log(`--- ${name}`);
    if (await run(process.execPath, args) !== 0) failedNames.push(name);
  }
  const note = failedNames.length ? `failed: ${failedNames.join(', ')}` : undefined;
  return { passed: checks.length - failedNames.length, failed: failedNames.length, skipped: 0, note };
}

const suites = layers.filter((layer) => layer !== 'checks');
const prereqs = suites.length
  ? await preparePrerequisites({ needs: suites, purpose: 'npm test' })
  : { release: async () => {} };
// A kill aimed at this process alone (a CI timeout) ends the running layer too, then the engine.
releaseOnSignals(prereqs.release, { before: () => current?.kill('SIGTERM') });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const layer of layers) {
  console.log(`\n=== ${layer} tests ===`);
  const counts = layer === 'extension' ? await extensionLayer() : layer === 'checks' ? await checksLayer() : await mochaLayer(layer);
  for (const key of ['passed', 'failed', 'skipped']) totals[key] += counts[key] ?? 0;
  lines.push(`${layer}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}${counts.note ? ` (${counts.note})` : ''}`);
}

console.log('\n=== summary ===');
for (const line of lines) console.log(line);
if (existsSync(skipReasons)) {
  console.log('skipped because:');
  for (const reason of new Set(readFileSync(skipReasons, 'utf8').split('\n').filter(Boolean))) console.log(`  ${reason}`);
}
rmSync(scratch, { recursive: true, force: true });
await prereqs.release();
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
