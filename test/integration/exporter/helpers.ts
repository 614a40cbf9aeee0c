// What the exporter's integration tests share: the built CLI, a real Prometheus server started on a
// free loopback port with a generated config and a temporary data folder (stopped by its PID), and
// the busybox containers they watch.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitUntil } from '../../support/net';
import { removeEngineFolder } from '../../support/privateDockerd';

export const root = join(__dirname, '../../..');
export const CLI = join(root, 'dist/cli.js');
export const PREFIX = 'stevedore-test-exporter';
export const IMAGE = `${PREFIX}-busybox:latest`;

/** `stevedore ARGS` as users run it: the built CLI (npm test builds first). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output and resolves when it exits. */
export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Finished> {
  const child = spawnCli(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return finished(child).finally(() => clearTimeout(timer));
}

/** Starts `stevedore exporter` on a free loopback port and waits until /metrics answers. */
export async function startExporter(env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<{ child: ChildProcess; port: number; url: string; done: Promise<Finished> }> {
  const port = await freePort();
  const child = spawnCli(['exporter', '--listen', `127.0.0.1:${port}`, ...extra], env);
  const done = finished(child);
  const url = `http://127.0.0.1:${port}/metrics`;
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`the exporter exited: ${(await done).stderr}`);
    return fetch(url).then((r) => r.ok, () => false);
  }, 20_000, `stevedore exporter on ${url}`);
  return { child, port, url, done };
}

export class PrometheusServer {
  readonly dir = mkdtempSync(join(tmpdir(), `${PREFIX}-prom-`));
  port = 0;
  private child?: ChildProcess;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `config` is prometheus.yml's text; `files` are written beside it (rules files). */
  async start(config: string, files: Record<string, string> = {}): Promise<void> {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(this.dir, name), text);
    writeFileSync(join(this.dir, 'prometheus.yml'), config);
    this.port = await freePort();
    const log = openSync(join(this.dir, 'prometheus.log'), 'a');
    this.child = spawn('prometheus', [
      `--config.file=${join(this.dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(this.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
    ], { cwd: this.dir, stdio: ['ignore', log, log] });
    await waitUntil(async () => {
      if (this.child?.exitCode !== null) throw new Error(`prometheus exited: ${this.log().slice(-2000)}`);
      return fetch(`${this.url}/-/ready`).then((r) => r.ok, () => false);
    }, 30_000, 'Prometheus /-/ready');
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'prometheus.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async api<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.url}/api/v1/${path}?${new URLSearchParams(query).toString()}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error}`);
    return body.data;
  }

  /** An instant query's vector. */
  async query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    return (await this.api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>('query', { query: expr })).result;
  }

  /** Stop it by its PID and remove its data folder. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    removeEngineFolder(this.dir);
  }
}

/** A scrape job for the exporter at `target` every `interval`. */
export function prometheusConfig(target: string, interval: string, ruleFiles: string[] = []): string {
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(ruleFiles.length ? ['rule_files:', ...ruleFiles.map((file) => `  - ${file}`)] : []),
    'scrape_configs:',
    '  - job_name: stevedore',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n');
}
