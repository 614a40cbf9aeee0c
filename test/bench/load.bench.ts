// `stevedore load` side by side with ab (ApacheBench, Debian's apache2-utils) on the same target in
// one run, at the same concurrency: a Node HTTP server (its own process) and a busybox httpd
// container published on 127.0.0.1. Like is compared with like: ab without -k against
// --no-keepalive (a connection per request), ab -k against keep-alive. Each pair runs in alternating
// rounds so a busy machine disturbs both alike; the medians are reported with Stevedore's own CPU per
// request (the CLI's process, user + system), and uptime before and after.
// Usage: npm run bench -- load   (STEVEDORE_BENCH_REQUESTS=N, STEVEDORE_BENCH_ROUNDS=N)
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestImage, dockerOrReason } from '../support/docker';
import { compose, writeProject } from '../integration/stats/helpers';
import { TestServer } from '../integration/load/servers';
import type { LoadResult } from '../../src/load';

const run = promisify(execFile);
const CLI = join(__dirname, '../../dist/cli.js');
const REQUESTS = Number(process.env.STEVEDORE_BENCH_REQUESTS ?? 5000);
const ROUNDS = Number(process.env.STEVEDORE_BENCH_ROUNDS ?? 5);
const CONCURRENCY = 10;
const PROJECT = 'stevedore-test-load-bench';
const IMAGE = `${PROJECT}-busybox:latest`;

interface Figure {
  rps: number;
  cpuMicrosPerRequest?: number;
}

async function ab(url: string, keepAlive: boolean, requests: number): Promise<Figure> {
  const args = ['-q', '-n', String(requests), '-c', String(CONCURRENCY), ...(keepAlive ? ['-k'] : []), url];
  const { stdout } = await run('ab', args, { maxBuffer: 16 * 1024 * 1024 });
  const rps = /^Requests per second:\s+([\d.]+)/m.exec(stdout);
  const failed = /^Failed requests:\s+(\d+)/m.exec(stdout);
  if (!rps) throw new Error(`ab printed no rate:\n${stdout}`);
  if (failed && Number(failed[1]) > 0) process.stdout.write(`  (ab: ${failed[1]} failed requests)\n`);
  return { rps: Number(rps[1]) };
}

async function stevedore(url: string, keepAlive: boolean, requests: number): Promise<Figure> {
  const args = [CLI, 'load', url, '-n', String(requests), '-c', String(CONCURRENCY), '--format', 'json', ...(keepAlive ? [] : ['--no-keepalive'])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`stevedore load exited ${code}`);
  const result = JSON.parse(stdout) as LoadResult;
  if (result.errors.total > 0) process.stdout.write(`  (stevedore: ${result.errors.total} errors ${JSON.stringify(result.errors.byKind)})\n`);
  return { rps: result.requestsPerSecond, cpuMicrosPerRequest: result.clientCpuMicrosPerRequest };
}

// The floor of any Node client opening a connection per request: bare node:net sockets writing one
// GET with Connection: close and reading to the end, no HTTP parsing, no histogram, in a process of
// its own. Printed beside ab so a gap in that mode can be told apart from the engine's own cost.
const NET_FLOOR = String.raw`
const net = require('node:net');
const [host, port, path, total, concurrency] = process.argv.slice(1);
const request = 'GET ' + path + ' HTTP/1.1\r\nhost: ' + host + ':' + port + '\r\nconnection: close\r\n\r\n';
let sent = 0, done = 0;
const started = performance.now();
const one = () => {
  if (sent >= Number(total)) return;
  sent++;
  const socket = net.connect(Number(port), host);
  socket.setNoDelay(true);
  socket.write(request);
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.on('close', () => {
    if (++done === Number(total)) process.stdout.write(String(done / ((performance.now() - started) / 1000)));
    else one();
  });
};
for (let i = 0; i < Number(concurrency); i++) one();
`;

async function netFloor(url: string, requests: number): Promise<Figure> {
  const { hostname, port, pathname } = new URL(url);
  const { stdout } = await run(process.execPath, ['-e', NET_FLOOR, hostname, port, pathname, String(requests), String(CONCURRENCY)]);
  return { rps: Number(stdout) };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function uptime(): Promise<string> {
  return (await run('uptime')).stdout.trim();
}

async function compare(label: string, url: string, requests: number): Promise<boolean> {
  let ok = true;
  for (const keepAlive of [false, true]) {
    const ours: Figure[] = [];
    const theirs: Figure[] = [];
    const floor: Figure[] = [];
    // One warm-up each (page cache, the server's JIT), not counted.
    await ab(url, keepAlive, requests);
    await stevedore(url, keepAlive, requests);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so a burst of load on the machine falls on both alike.
      if (round % 2 === 0) {
        theirs.push(await ab(url, keepAlive, requests));
        ours.push(await stevedore(url, keepAlive, requests));
      } else {
        ours.push(await stevedore(url, keepAlive, requests));
        theirs.push(await ab(url, keepAlive, requests));
      }
      if (!keepAlive) floor.push(await netFloor(url, requests));
    }
    const oursRps = median(ours.map((f) => f.rps));
    const theirsRps = median(theirs.map((f) => f.rps));
    const ratio = oursRps / theirsRps;
    const cpu = median(ours.map((f) => f.cpuMicrosPerRequest ?? 0));
    const mode = `${requests} req, ` + (keepAlive ? 'keep-alive (ab -k)      ' : 'new connection (ab, --no-keepalive)');
    process.stdout.write(
      `${label.padEnd(14)} ${mode}  ab ${theirsRps.toFixed(0).padStart(6)} req/s   stevedore ${oursRps.toFixed(0).padStart(6)} req/s   ` +
      `${(ratio * 100).toFixed(0)}% of ab ${ratio >= 0.9 ? 'ok' : 'BELOW 90%'}   stevedore CPU ${cpu.toFixed(0)} µs/request\n` +
      `${''.padEnd(14)} rounds: ab ${theirs.map((f) => f.rps.toFixed(0)).join(' ')} | stevedore ${ours.map((f) => f.rps.toFixed(0)).join(' ')}\n` +
      (floor.length ? `${''.padEnd(14)} bare node:net sockets (the floor of a Node client): ${median(floor.map((f) => f.rps)).toFixed(0)} req/s, ${((median(floor.map((f) => f.rps)) / theirsRps) * 100).toFixed(0)}% of ab (rounds ${floor.map((f) => f.rps.toFixed(0)).join(' ')})\n` : ''),
    );
    if (ratio < 0.9) ok = false;
  }
  return ok;
}

async function main(): Promise<void> {
  // ab comes from Debian's apache2-utils, which `node scripts/prereqs.mjs integration` installs.
  try {
    await run('ab', ['-V']);
  } catch {
    process.stderr.write('ab (ApacheBench) is missing: install apache2-utils, e.g. `node scripts/prereqs.mjs integration`\n');
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${REQUESTS} requests, concurrency ${CONCURRENCY}, median of ${ROUNDS} alternating rounds\nbefore: ${await uptime()}\n`);
  let ok = true;
  const node = await new TestServer('hello').start();
  try {
    ok = (await compare('Node server', node.url, REQUESTS)) && ok;
  } finally {
    await node.stop();
  }

  const docker = await dockerOrReason();
  if (typeof docker === 'string') {
    process.stdout.write(`busybox httpd: skipped (${docker})\n`);
  } else {
    await buildTestImage(IMAGE, 'RUN mkdir -p /www && echo hello > /www/index.html\n');
    const dir = writeProject('loadbench', `services:\n  web:\n    image: ${IMAGE}\n    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]\n    ports: ["127.0.0.1::8080"]\n`);
    try {
      await compose(dir, PROJECT, ['up', '-d']);
      const port = (await compose(dir, PROJECT, ['port', 'web', '8080'])).trim().split(':').pop();
      // busybox httpd forks a process per connection: a fifth of the requests keeps the run short.
      ok = (await compare('busybox httpd', `http://127.0.0.1:${port}/`, Math.max(500, Math.round(REQUESTS / 5)))) && ok;
    } finally {
      await compose(dir, PROJECT, ['down', '-t', '0']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`after: ${await uptime()}\n`);
  if (!ok) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
