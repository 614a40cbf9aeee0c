// `stevedore lint --fix` on compose files keeps them valid for the real Compose (docker-compose v1.29,
// with --compatibility so deploy.resources apply): `config` and `up` succeed before and after. The
// right-sizing fix writes limits from a peak the test produced: a memory-holder service of known size
// (40 MiB written to its tmpfs /dev/shm, charged to its memory cgroup), measured by the stats engine's
// monitor, handed to lintCompose as the observation; the limit written is friendly(peak x headroom)
// and the engine applies it. Projects are named stevedore-test-composecli-*; ports only on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { composeSize, friendlyBytes, lintCompose, type ServiceObservation } from '../../../src/compose';
import { fixUntilStable } from '../../../src/dockerfile';
import { runLint, type LintIo } from '../../../src/cli/lint';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { sampled, service, waitForState } from '../stats/helpers';

const run = promisify(execFile);
const IMAGE = 'stevedore-test-composecli-busybox:1';
const MiB = 1024 * 1024;

/** Every fixable habit at once, runnable as it is: only 127.0.0.1 is published. */
const SIZING = `version: "3.8"
services:
  web:
    image: ${IMAGE}
    command: ["httpd", "-f", "-p", "8080", "-h", "/"]
    ports:
      - "127.0.0.1::8080"
    depends_on:
      - holder
  holder:
    image: ${IMAGE}
    # 40 MiB that stays put in its memory cgroup (tmpfs pages are charged to it).
    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=40 2>/dev/null; sleep 100000"]
    shm_size: 128m
    healthcheck:
      test: ["CMD", "test", "-f", "/dev/shm/fill"]
      interval: 1s
      timeout: 2s
      retries: 30
`;

/** What must not run as written: a database port on every interface, container_name on a scaled service. */
const EXPOSURE = `services:
  db:
    image: ${IMAGE}
    command: ["httpd", "-f", "-p", "5432", "-h", "/"]
    ports:
      - "5432"
    restart: unless-stopped
  worker:
    image: ${IMAGE}
    command: ["sleep", "100000"]
    container_name: stevedore-test-composecli-worker
    deploy:
      replicas: 2
`;

function writeProject(name: string, text: string): string {
  const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-test-composecli-'))), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yaml'), text);
  return dir;
}

async function compose(dir: string, project: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run('docker-compose', ['--compatibility', '-p', project, '-f', join(dir, 'compose.yaml'), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOCKER_HOST: process.env.DOCKER_HOST ?? '' },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
  return stdout + stderr;
}

/** `docker-compose config` succeeds and gives the services back. */
async function configServices(dir: string, project: string): Promise<Record<string, Record<string, unknown>>> {
  const model = parse(await compose(dir, project, ['config'])) as { services: Record<string, Record<string, unknown>> };
  return model.services;
}

async function cliFix(dir: string): Promise<{ status: number; stderr: string; left: Array<{ code: string }> }> {
  let stdout = '';
  let stderr = '';
  const io: LintIo = {
    cwd: dir,
    env: { HOME: dir },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
  };
  const status = await runLint(['compose.yaml'], { fix: true, format: 'json', fail: false }, io);
  return { status, stderr, left: JSON.parse(stdout) as Array<{ code: string }> };
}

async function inspect(container: string): Promise<{ HostConfig: { Memory: number; MemoryReservation: number }; State: { Running: boolean; OOMKilled: boolean } }> {
  return (JSON.parse(await dockerCli(['inspect', container])) as Array<{ HostConfig: { Memory: number; MemoryReservation: number }; State: { Running: boolean; OOMKilled: boolean } }>)[0];
}

async function containerOf(dir: string, project: string, name: string): Promise<string> {
  const id = (await compose(dir, project, ['ps', '-q', name])).trim().split('\n')[0];
  assert.match(id, /^[0-9a-f]{64}$/, `${name} has a container`);
  return id;
}

describe('compose files before and after stevedore lint --fix, with the real Compose', function () {
  this.timeout(300_000);
  const projects: Array<[string, string]> = [];

  before(async function () {
    await requireDocker(this);
    await buildTestImage(IMAGE, '');
  });

  after(async () => {
    for (const [dir, project] of projects) {
      await compose(dir, project, ['down', '-v', '--remove-orphans', '-t', '1']).catch(() => '');
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('config and up before and after --fix; limits written from the memory holder\'s observed peak are applied by the engine', async () => {
    const project = 'stevedore-test-composecli-sizing';
    const dir = writeProject('sizing', SIZING);
    projects.push([dir, project]);

    // Before: valid and running as written.
    assert.deepEqual(Object.keys(await configServices(dir, project)).sort(), ['holder', 'web']);
    await compose(dir, project, ['up', '-d']);
    const before = lintCompose(SIZING).findings.map((finding) => finding.code);
    for (const code of ['SDC1005', 'SDC2002', 'SDC2004', 'SDC2006', 'SDC2007']) assert.ok(before.includes(code), `${code} in ${before.join(' ')}`);

    // The stats engine watches the holder until it holds its 40 MiB.
    const monitor = new ComposeStatsMonitor({ folder: dir, projectName: project, stateIntervalMs: 500, countLogErrors: false });
    let observation: ServiceObservation;
    try {
      await monitor.start();
      const states = await waitForState(monitor, 'the holder holding 40 MiB', (s) => sampled(service(s, 'holder'), 1) && (service(s, 'holder').peakMemoryBytes ?? 0) >= 40 * MiB, 60_000);
      const holder = service(states, 'holder');
      observation = { peakMemoryBytes: holder.peakMemoryBytes!, windowSeconds: Math.max(1, (holder.observedForMs ?? 0) / 1000), containers: 1 };
    } finally {
      monitor.dispose();
    }
    // Known size: 40 MiB of tmpfs plus a shell, dd and sleep (well under a MiB each).
    assert.ok(observation.peakMemoryBytes >= 40 * MiB && observation.peakMemoryBytes < 44 * MiB, `peak ${(observation.peakMemoryBytes / MiB).toFixed(1)} MiB`);

    // 1. `stevedore lint --fix` (no observations on the command line): the habits, not the sizes.
    const cli = await cliFix(dir);
    assert.match(cli.stderr, /^compose\.yaml: \d+ fixes: /m);
    const afterCli = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    assert.doesNotMatch(afterCli, /^version:/m);
    assert.deepEqual(cli.left.map((row) => row.code).sort(), ['SDC2002', 'SDC2002'], 'only the sizes are left');
    const configured = await configServices(dir, project);
    assert.deepEqual(configured.web.depends_on, { holder: { condition: 'service_healthy' } });
    assert.equal(configured.holder.restart, 'unless-stopped');
    assert.deepEqual((configured.holder.logging as { options: unknown }).options, { 'max-size': '10m', 'max-file': '3' });
    await compose(dir, project, ['up', '-d']);

    // 2. The editor's right-sizing fix: the observed peak in, the limits out, peak x 1.5 rounded up.
    const headroom = 1.5;
    const run = fixUntilStable(afterCli, (text) => lintCompose(text, { observations: new Map([['holder', observation]]), headroom }).findings);
    assert.ok(run.fixedCodes.includes('SDC2002'), run.fixedCodes.join(' '));
    const limit = composeSize(friendlyBytes(observation.peakMemoryBytes * headroom));
    const reservation = composeSize(friendlyBytes(observation.peakMemoryBytes));
    assert.equal(limit, '64M', '40-44 MiB x 1.5 rounds up to 64M');
    assert.equal(reservation, '48M');
    const holderBlock = run.text.slice(run.text.indexOf('  holder:'));
    assert.match(holderBlock, new RegExp(`limits:\\n\\s+memory: ${limit}\\n\\s+reservations:\\n\\s+memory: ${reservation}`));
    writeFileSync(join(dir, 'compose.yaml'), run.text);
    const sized = await configServices(dir, project);
    assert.deepEqual((sized.holder.deploy as { resources: unknown }).resources, { limits: { memory: limit }, reservations: { memory: reservation } });
    await compose(dir, project, ['up', '-d']);
    const holder = await inspect(await containerOf(dir, project, 'holder'));
    assert.equal(holder.HostConfig.Memory, 64 * MiB, 'the engine applies the limit written');
    assert.equal(holder.HostConfig.MemoryReservation, 48 * MiB);
    // The service still fits: it fills its 40 MiB again under the new limit, without an OOM kill.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const again = await inspect(await containerOf(dir, project, 'holder'));
    assert.ok(again.State.Running && !again.State.OOMKilled, 'the holder runs under its limit');
    const web = await inspect(await containerOf(dir, project, 'web'));
    assert.ok(web.State.Running);
  });

  it('a file Compose cannot run as written (container_name on a scaled service) runs after --fix, its database published on 127.0.0.1 only', async () => {
    const project = 'stevedore-test-composecli-exposure';
    const dir = writeProject('exposure', EXPOSURE);
    projects.push([dir, project]);

    // Before: `config` accepts it, but it must not be started as written (5432 on every interface).
    assert.deepEqual(Object.keys(await configServices(dir, project)).sort(), ['db', 'worker']);
    const before = lintCompose(EXPOSURE).findings.map((finding) => finding.code);
    assert.ok(before.includes('SDC3002') && before.includes('SDC3008'), before.join(' '));

    const cli = await cliFix(dir);
    assert.match(cli.stderr, /SDC3002/);
    assert.match(cli.stderr, /SDC3008/);
    const fixed = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    assert.doesNotMatch(fixed, /container_name/);
    assert.ok(!cli.left.some((row) => row.code === 'SDC3002' || row.code === 'SDC3008'), JSON.stringify(cli.left));

    const configured = await configServices(dir, project);
    assert.match(JSON.stringify(configured.db.ports), /127\.0\.0\.1/, 'Compose reads the binding the fix wrote');
    await compose(dir, project, ['up', '-d']);
    const db = await inspect(await containerOf(dir, project, 'db'));
    assert.ok(db.State.Running);
    const bindings = (JSON.parse(await dockerCli(['inspect', '--format', '{{json .NetworkSettings.Ports}}', await containerOf(dir, project, 'db')])) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>)['5432/tcp'];
    assert.ok(bindings && bindings.length > 0 && bindings.every((binding) => binding.HostIp === '127.0.0.1'), JSON.stringify(bindings));
    const workers = (await compose(dir, project, ['ps', '-q', 'worker'])).trim().split('\n').filter(Boolean);
    assert.equal(workers.length, 2, 'both replicas run once container_name is gone');
  });
});
