// How fast compose files lint: a 200-service compose file (services of the kinds real projects have:
// web, workers, databases, caches; some clean, some with the habits the rules find) linted in-process,
// median of many runs after warm-up, target < 20 ms (the engine as shipped: bundled, see shippedEngine); the same file resolved like `docker compose
// config`; the CLI on it; and, beside them, `docker-compose config` on the same file when installed.
// A benchmark: it prints figures, with the machine's load average beside them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseComposeText, resolveComposeProject } from '../../src/compose';
import { runLint } from '../../src/cli/lint';
import { composeFile } from '../support/composeBenchFile';

type ShippedEngine = typeof import('../../src/compose') & { yaml: typeof import('yaml'); clearChunkCache(): void };

/**
 * The compose engine and yaml as they ship: bundled by esbuild with the build's yaml plugin
 * (scripts/yaml-debug-flags.mjs), which the sources run through tsx do not get.
 */
async function shippedEngine(dir: string): Promise<ShippedEngine> {
  const esbuild = await import('esbuild');
  const pluginModule: string = join(__dirname, '../../scripts/yaml-debug-flags.mjs');
  const { yamlDebugFlags } = await import(pluginModule) as { yamlDebugFlags: import('esbuild').Plugin };
  const outfile = join(dir, 'compose-engine.js');
  await esbuild.build({
    stdin: { contents: "export * from './src/compose'; export * as yaml from 'yaml'; export { clearChunkCache } from './src/compose/chunked';", resolveDir: join(__dirname, '../..'), loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, plugins: [yamlDebugFlags], logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as ShippedEngine;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Wall time, and this process's CPU time (user + system, GC threads included) per run: on a machine
 * shared with other work the wall time includes waiting for a core; the CPU time does not.
 */
function measure(label: string, runs: number, work: () => unknown, warmup = 20): { wall: number; cpu: number } {
  for (let i = 0; i < warmup; i++) work();
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    work();
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const result = { wall: median(times), cpu: median(cpus) };
  console.log(`${label.padEnd(56)} median ${result.wall.toFixed(2).padStart(7)} ms (CPU ${result.cpu.toFixed(2).padStart(6)} ms)   p90 ${sorted[Math.floor(runs * 0.9)].toFixed(2).padStart(7)} ms   min ${sorted[0].toFixed(2).padStart(6)} ms  (${runs} runs)`);
  return result;
}

async function main(): Promise<void> {
  const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
  const text = composeFile(200);
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-bench-compose-'));
  const { lintCompose, yaml, clearChunkCache } = await shippedEngine(dir);
  const first = performance.now();
  const findings = lintCompose(text).findings;
  const cold = performance.now() - first;
  console.log(`200-service compose file: ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KB, ${findings.length} findings (${[...new Set(findings.map((f) => f.code))].sort().join(' ')})`);
  console.log(`load average before: ${load()} (2 cores shared with other work)\n`);

  // Cold: the whole text parsed (no pieces kept), as a file opened or linted by the CLI once.
  const cold200 = measure('lintCompose, 200 services, full parse (cold)', 200, () => lintCompose(text, { incremental: false }));
  measure('lintCompose, 200 services, in pieces, none kept yet', 200, () => {
    clearChunkCache();
    lintCompose(text);
  });
  // As you type: each run edits another service (its image tag, a text never seen before), so one
  // piece is parsed again and the other 199 and the top-level keys are kept from the run before.
  const lines = text.split('\n');
  const imageLines = lines.flatMap((line, i) => (/^ {4}image: /.test(line) ? [i] : []));
  const edited = Array.from({ length: 220 }, (_, run) => {
    const copy = [...lines];
    const at = imageLines[(run * 37) % imageLines.length];
    copy[at] = `${copy[at]}-edit${run}`;
    return copy.join('\n');
  });
  if (JSON.stringify(lintCompose(edited[219])) !== JSON.stringify(lintCompose(edited[219], { incremental: false }))) throw new Error('incremental and full lint differ');
  let run = 0;
  lintCompose(text);
  const typing = measure('lintCompose, one service edited, then linted', 200, () => lintCompose(edited[run++ % edited.length]));
  measure('  of which: yaml parseDocument (the YAML library alone)', 200, () => yaml.parseDocument(text, { lineCounter: new yaml.LineCounter(), uniqueKeys: false, prettyErrors: false, strict: false }));
  measure('parseComposeText, 200 services (sources, unbundled yaml)', 200, () => parseComposeText(text));

  try {
    writeFileSync(join(dir, 'compose.yaml'), text);
    // docker-compose config checks that build contexts and bind-mounted files exist.
    for (const match of text.matchAll(/context: \.\/(services\/\w+)/g)) mkdirSync(join(dir, match[1]), { recursive: true });
    mkdirSync(join(dir, 'env'));
    writeFileSync(join(dir, 'env', 'worker.env'), 'QUEUE=orders\n');
    measure('resolveComposeProject (read, parse, interpolate, merge)', 100, () => resolveComposeProject({ workingDir: dir, env: {} }), 10);
    const sink = { write: () => true };
    const cliRuns: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      await runLint(['compose.yaml'], { format: 'json', fail: false, shellcheck: 'off' }, { cwd: dir, env: { HOME: dir }, stdout: sink, stderr: sink, readStdin: async () => '' });
      cliRuns.push(performance.now() - started);
    }
    console.log(`${'stevedore lint compose.yaml, in-process (read + lint + json)'.padEnd(52)} median ${median(cliRuns.slice(5)).toFixed(2).padStart(8)} ms  (25 runs after 5)`);

    const version = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
    if (version.status === 0) {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const result = spawnSync('docker-compose', ['-f', join(dir, 'compose.yaml'), 'config', '-q'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
        runs.push(performance.now() - started);
        if (result.status !== 0) {
          console.log(`docker-compose config failed: ${result.stderr.trim().split('\n').pop()}`);
          break;
        }
      }
      console.log(`${`docker-compose ${version.stdout.trim()} config -q (a process each)`.padEnd(52)} median ${median(runs).toFixed(0).padStart(8)} ms  (${runs.length} runs)`);
    } else {
      console.log('docker-compose not installed: no figure beside ours');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nfirst lint in the process (JIT cold): ${cold.toFixed(1)} ms`);
  console.log(`target: 200 services < 20 ms in-process, one service edited then linted (as you type): ${typing.wall < 20 ? 'met' : 'MISSED'} (median ${typing.wall.toFixed(2)} ms wall, ${typing.cpu.toFixed(2)} ms CPU)`);
  console.log(`        cold, full parse: ${cold200.wall < 20 ? 'met' : 'MISSED'} (median ${cold200.wall.toFixed(2)} ms wall, ${cold200.cpu.toFixed(2)} ms CPU); load average after: ${load()}`);
}

void main();
