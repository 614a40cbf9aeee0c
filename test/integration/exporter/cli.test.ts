// `stevedore exporter` and `stevedore export` at the command line: --print, the errors a user meets
// (port in use, no engine, a bad --listen), the engine going away mid-run and coming back, and
// `promtool check rules` on every rules file `export prometheus-rules` writes.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { EngineProxy } from '../../support/engineProxy';
import { freePort, waitUntil } from '../../support/net';
import { expandSnippet } from '../../support/snippet';
import { IMAGE, PREFIX, finished, runCli, startExporter } from './helpers';

const IDLE = `${PREFIX}-cli-idle`;

async function promtool(args: string[]): Promise<{ code: number | null; output: string }> {
  const result = await finished(spawn('promtool', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  return { code: result.code, output: result.stdout + result.stderr };
}

describe('stevedore exporter at the command line', function () {
  this.timeout(120_000);

  before(async function () {
    await requireDocker(this);
    await dockerCli(['rm', '-f', IDLE]).catch(() => undefined);
    await buildTestImage(IMAGE, 'RUN mkdir -p /www && echo hello > /www/index.html\n');
    await dockerCli(['run', '-d', '--name', IDLE, '--label', 'com.docker.compose.project=stevedore-test-exporter-cli', IMAGE, 'sleep', '600']);
  });

  after(async () => {
    await dockerCli(['rm', '-f', IDLE]).catch(() => undefined);
  });

  it('--print writes one exposition with a sample of each running container, and exits 0', async () => {
    const result = await runCli(['exporter', '--print']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^container_cpu_usage_seconds_total\\{[^}]*name="${IDLE}"[^}]*\\} [0-9.e-]+$`, 'm'));
    assert.match(result.stdout, /^container_scrape_error 0$/m);
    const [ncpu, memTotal] = (await dockerCli(['info', '--format', '{{.NCPU}} {{.MemTotal}}'])).trim().split(' ');
    assert.match(result.stdout, new RegExp(`^machine_cpu_cores\\{boot_id="",machine_id="",system_uuid=""\\} ${ncpu}$`, 'm'));
    assert.match(result.stdout, new RegExp(`^machine_memory_bytes\\{boot_id="",machine_id="",system_uuid=""\\} ${memTotal}$`, 'm'));
    assert.match(result.stdout, /^machine_scrape_error 0$/m);
    const check = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = finished(check);
    check.stdin?.end(result.stdout);
    const checked = await done;
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });

  it('a port in use: exit 1, saying which address and what to do', async () => {
    const port = await freePort();
    const busy = createHttpServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', () => resolve()));
    try {
      const result = await runCli(['exporter', '--listen', `127.0.0.1:${port}`]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`^stevedore: 127\\.0\\.0\\.1:${port} is already in use .*--listen HOST:PORT`, 'm'));
    } finally {
      busy.close();
    }
  });

  it('no engine: exit 1 with the connection message; a bad --listen: exit 2', async () => {
    const result = await runCli(['exporter'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Docker engine not reachable at unix:\/\/\/nonexistent\/docker\.sock \(from DOCKER_HOST\)/);
    for (const listen of ['9338', 'localhost', '127.0.0.1:99999']) {
      const bad = await runCli(['exporter', '--listen', listen]);
      assert.equal(bad.code, 2, listen);
      assert.match(bad.stderr, /is not HOST:PORT/);
    }
  });

  it('the engine going away mid-run: container series dropped, container_scrape_error 1, then back by itself', async () => {
    const proxy = new EngineProxy(PREFIX);
    await proxy.start();
    const exporter = await startExporter({ DOCKER_HOST: `unix://${proxy.path}` });
    const scrape = async () => (await fetch(exporter.url)).text();
    try {
      await waitUntil(async () => (await scrape()).includes(`name="${IDLE}"`), 15_000, 'the container in the exposition');
      await proxy.stop();
      await waitUntil(async () => /^container_scrape_error 1$/m.test(await scrape()), 15_000, 'container_scrape_error 1');
      const down = await scrape();
      assert.ok(!down.includes(`name="${IDLE}"`), 'no series of a container it cannot see');
      await proxy.start();
      await waitUntil(async () => {
        const text = await scrape();
        return /^container_scrape_error 0$/m.test(text) && text.includes(`name="${IDLE}"`);
      }, 30_000, 'the series back after the engine returns');
    } finally {
      exporter.child.kill('SIGTERM');
      const result = await exporter.done;
      await proxy.stop().catch(() => undefined);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Docker engine not reachable at unix:\/\/.*Serving no container series \(container_scrape_error 1\)/);
    }
  });
});

describe('stevedore export: rules and scrape jobs Prometheus accepts', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}-rules-`));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('promtool check rules accepts every rules file written, whatever the thresholds and projects', async () => {
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{\n  // a VS Code settings file: comments and trailing commas\n  "stevedore.stats.thresholds": { "cpu": { "warning": 40, "critical": 60 }, },\n  "stevedore.stats.notifyAfterSeconds": 45,\n}\n');
    const cases: [string, string[], RegExp[]][] = [
      ['defaults.yml', ['-p', 'shop'], [/>= 70$/m, /> 85$/m, />= 80$/m, /> 90$/m, /for: 1m/]],
      ['settings.yml', ['-p', 'shop', '--settings', settings], [/>= 40$/m, /> 60$/m, /for: 45s/]],
      ['flags.yml', ['-p', 'a', '-p', 'b "quoted" \\ name', '--cpu-warning', '50.5', '--cpu-critical', '50.5', '--memory-critical', '99', '--for', '2m30s', '--rate-window', '2m'], [/>= 50.5$/m, /\[2m\]/, /for: 2m30s/]],
      ['all.yml', ['--all-projects', '--for', '10s'], [/container_label_com_docker_compose_project!=""/]],
    ];
    for (const [file, args, expected] of cases) {
      const result = await runCli(['export', 'prometheus-rules', ...args, '-o', join(dir, file)]);
      assert.equal(result.code, 0, result.stderr);
      const checked = await promtool(['check', 'rules', join(dir, file)]);
      assert.equal(checked.code, 0, `${file}: ${checked.output}`);
      const text = readFileSync(join(dir, file), 'utf8');
      for (const pattern of expected) assert.match(text, pattern, file);
    }
  });

  it('a compose folder names the project; promtool check config accepts the full prometheus.yml', async () => {
    const project = join(dir, 'My Shop');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), 'services:\n  api:\n    image: busybox\n');
    const rules = await finished(spawn(process.execPath, [join(__dirname, '../../../dist/cli.js'), 'export', 'prometheus-rules', '-o', join(dir, 'rules.yml')], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] }));
    assert.equal(rules.code, 0, rules.stderr);
    const text = readFileSync(join(dir, 'rules.yml'), 'utf8');
    assert.match(text, /container_label_com_docker_compose_project="myshop"/, 'compose normalises the folder name');
    const config = await runCli(['export', 'scrape-config', '--full', '--rule-file', 'rules.yml', '-t', '127.0.0.1:9338', '-t', '[::1]:9339', '--interval', '5s', '-o', join(dir, 'prometheus.yml')]);
    assert.equal(config.code, 0, config.stderr);
    const checked = await promtool(['check', 'config', join(dir, 'prometheus.yml')]);
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, /SUCCESS: 1 rule files found/);
  });

  it('promtool accepts the shipped alert rules snippet and the monitoring stack\'s prometheus.yml and rules', async () => {
    const root = join(__dirname, '../../..');
    const snippets = JSON.parse(readFileSync(join(root, 'snippets/prometheus.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[] }>;
    const rules = Object.values(snippets).find((s) => s.prefix.includes('prometheus-rules-compose'))!;
    // The snippet as inserted with every placeholder at its default.
    writeFileSync(join(dir, 'snippet-rules.yml'), expandSnippet(rules.body));
    const checked = await promtool(['check', 'rules', join(dir, 'snippet-rules.yml')]);
    assert.equal(checked.code, 0, checked.output);
    const config = await promtool(['check', 'config', join(root, 'snippets/monitoring/prometheus.yml')]);
    assert.equal(config.code, 0, config.output);
    assert.match(config.output, /SUCCESS: 4 rules found/);
  });

  it('bad input: a critical level under the warning, a bad duration, an unreadable settings file', async () => {
    const critical = await runCli(['export', 'prometheus-rules', '-p', 'x', '--cpu-warning', '90', '--cpu-critical', '80']);
    assert.equal(critical.code, 2);
    assert.match(critical.stderr, /--cpu-critical \(80\) is below --cpu-warning \(90\)/);
    const duration = await runCli(['export', 'prometheus-rules', '-p', 'x', '--for', '5 minutes']);
    assert.equal(duration.code, 2);
    assert.match(duration.stderr, /--for "5 minutes" is not a Prometheus duration/);
    writeFileSync(join(dir, 'broken.json'), '{ "stevedore.stats.thresholds": ');
    const broken = await runCli(['export', 'prometheus-rules', '-p', 'x', '--settings', join(dir, 'broken.json')]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /The settings file .*broken\.json is not a JSON object/);
    const target = await runCli(['export', 'scrape-config', '-t', 'http://x:1']);
    assert.equal(target.code, 2);
    assert.match(target.stderr, /--target "http:\/\/x:1" is not HOST:PORT/);
  });
});
