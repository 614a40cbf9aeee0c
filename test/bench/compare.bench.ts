// `npm run bench -- compare`: compare two versions of the image bench's 1 GB+, 200k-file image
// (version 2 drops the `chmod -R` layer, so 1,000 files change mode and the clean-up layer is
// rebuilt), side by side with analysing one of them, in one run. Targets: comparing takes at most
// 2.2x the time of analysing one; peak RSS under 400 MB (measured on the built CLI, `stevedore diff`,
// in a process of its own). Size: STEVEDORE_BENCH_IMAGE_MB (default 1100) and
// STEVEDORE_BENCH_IMAGE_FILES (default 200000), as in image.bench.ts. Images are cached by tag.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeImage, compareContents, compareImages } from '../../src/image/index';

const megabytes = Number(process.env.STEVEDORE_BENCH_IMAGE_MB ?? 1100);
const fileCount = Number(process.env.STEVEDORE_BENCH_IMAGE_FILES ?? 200_000);
const tagA = `stevedore-t-img-bench:${fileCount}-${megabytes}`;
const tagB = `stevedore-t-img-bench-v2:${fileCount}-${megabytes}`;
const perDir = 1000;
const PREAMBLE = 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY data /data\n';
const DOCKERFILE_A = `${PREAMBLE}RUN ["/bin/busybox","chmod","-R","600","/data/d0001"]\nRUN ["/bin/busybox","rm","-rf","/data/d0002"]\n`;
const DOCKERFILE_B = `${PREAMBLE}RUN ["/bin/busybox","rm","-rf","/data/d0002"]\n`;

function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' }, maxBuffer: 64 * 1024 * 1024 });
}

const exists = (tag: string): boolean => spawnSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' }).status === 0;

/** Both versions from one context (A is exactly image.bench.ts's image), so B's COPY layers are A's. */
function buildImages(): void {
  const context = mkdtempSync(join(tmpdir(), 'stevedore-bench-cmp-'));
  try {
    const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((candidate) => existsSync(candidate));
    if (!busybox) throw new Error('busybox not found: install busybox-static');
    copyFileSync(busybox, join(context, 'busybox'));
    chmodSync(join(context, 'busybox'), 0o755);
    const pool = randomBytes(64 * 1024 * 1024);
    const fileSize = Math.floor((megabytes * 1024 * 1024) / fileCount);
    let offset = 0;
    for (let i = 0; i < fileCount; i++) {
      const dir = join(context, 'data', `d${String(Math.floor(i / perDir)).padStart(4, '0')}`);
      if (i % perDir === 0) mkdirSync(dir, { recursive: true });
      if (offset + fileSize > pool.length) offset = (offset * 7 + 13) % (pool.length - fileSize);
      writeFileSync(join(dir, `f${i}`), pool.subarray(offset, offset + fileSize));
      offset += fileSize + 1;
    }
    for (const [tag, text] of [[tagA, DOCKERFILE_A], [tagB, DOCKERFILE_B]]) {
      writeFileSync(join(context, 'Dockerfile'), text);
      const started = Date.now();
      docker(['build', '--network', 'none', '-q', '-t', tag, context]);
      console.log(`built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

/** Best wall time of `runs` runs, with this process's peak RSS sampled every 10 ms. */
async function measure(runs: number, work: () => Promise<unknown>): Promise<{ ms: number; peakRss: number }> {
  let best = Infinity;
  let peakRss = 0;
  for (let run = 0; run < runs; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = Date.now();
    await work();
    best = Math.min(best, Date.now() - started);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, peak, process.memoryUsage().rss);
  }
  return { ms: best, peakRss };
}

/** The built CLI in a process of its own, timed by /usr/bin/time for its peak RSS (best wall, worst RSS). */
function cliRun(args: string[], runs: number): { ms: number; peakKb: number } | undefined {
  const cli = join(__dirname, '../../dist/cli.js');
  if (!existsSync('/usr/bin/time') || !existsSync(cli)) return undefined;
  let ms = Infinity;
  let peakKb = 0;
  for (let run = 0; run < runs; run++) {
    const started = Date.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1024 * 1024 });
    if (result.status !== 0) throw new Error(`stevedore ${args[0]} failed: ${result.stderr}`);
    ms = Math.min(ms, Date.now() - started);
    peakKb = Math.max(peakKb, Number(result.stderr.trim().split(/\s+/).pop()));
  }
  return { ms, peakKb };
}

async function main(): Promise<void> {
  if (spawnSync('docker', ['version'], { stdio: 'ignore' }).status !== 0) {
    console.log('compare bench skipped: no Docker engine reachable');
    return;
  }
  if (!exists(tagA) || !exists(tagB)) buildImages();
  const work = mkdtempSync(join(tmpdir(), 'stevedore-bench-cmp-'));
  const runs = Number(process.env.STEVEDORE_BENCH_RUNS ?? 3);
  try {
    const archiveA = join(work, 'a.tar');
    const archiveB = join(work, 'b.tar');
    docker(['save', '-o', archiveA, tagA]);
    docker(['save', '-o', archiveB, tagB]);
    console.log(`archives: A ${mib(statSync(archiveA).size)}, B ${mib(statSync(archiveB).size)} (docker save)`);
    // Warm the page cache for every reader alike.
    for (const file of [archiveA, archiveB]) execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    const a = { kind: 'archive' as const, path: archiveA };
    const b = { kind: 'archive' as const, path: archiveB };

    const baseline = process.memoryUsage().rss;
    const analysed = await measure(runs, () => analyzeImage(a));
    let summary = '';
    const compared = await measure(runs, async () => {
      const { result } = await compareImages(a, b);
      const c = result.comparison();
      summary =
        `${c.a.fileCount} -> ${c.b.fileCount} paths, ${c.counts.added} added, ${c.counts.removed} removed, ` +
        `${c.counts.modified} modified, ${c.counts.metadata} metadata; size ${c.sizeDeltaBytes} B, reclaimable ${c.reclaimableDeltaBytes} B`;
    });
    // The alternative: both read at once into tables of their own (no layer reuse), then compared.
    const concurrent = await measure(runs, async () => {
      const [before, after] = await Promise.all([analyzeImage(a), analyzeImage(b)]);
      compareContents(before, after).comparison();
    });
    console.log(`comparison: ${summary}`);
    console.log(`analyse A alone:                      ${seconds(analysed.ms)} wall (best of ${runs})`);
    console.log(`compare A with B (read in turn, B reusing A's layers): ${seconds(compared.ms)} wall = ${(compared.ms / analysed.ms).toFixed(2)}x analyse (target <= 2.2x)`);
    console.log(`compare A with B (read at once, no reuse):             ${seconds(concurrent.ms)} wall = ${(concurrent.ms / analysed.ms).toFixed(2)}x analyse`);
    console.log(`peak RSS in this process: analyse ${mib(analysed.peakRss)}, compare ${mib(compared.peakRss)}, at once ${mib(concurrent.peakRss)} (baseline with the TypeScript loader ${mib(baseline)})`);
    const cliAnalyze = cliRun(['analyze', archiveA, '--format', 'json'], runs);
    const cliDiff = cliRun(['diff', archiveA, archiveB, '--format', 'json'], runs);
    if (cliAnalyze && cliDiff) {
      console.log(`built CLI, own process: analyze ${seconds(cliAnalyze.ms)} (peak RSS ${(cliAnalyze.peakKb / 1024).toFixed(0)} MiB), diff ${seconds(cliDiff.ms)} = ${(cliDiff.ms / cliAnalyze.ms).toFixed(2)}x (peak RSS ${(cliDiff.peakKb / 1024).toFixed(0)} MiB; target < 400 MiB)`);
    } else {
      console.log('built CLI not measured: needs dist/cli.js (npm run build) and /usr/bin/time (apt package time)');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
