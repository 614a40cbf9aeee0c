// A real Prometheus server for tests (Debian's `prometheus` package): started on a free loopback port
// with a generated config scraping the given targets, a temporary data folder (or one the test filled
// beforehand, e.g. with prometheusBackfill.ts), stopped by its PID. Plain Node: the integration tests
// and the Mocha side of the extension tests both use it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitUntil } from './net';

export interface PrometheusTarget {
  /** host:port on a loopback address. */
  target: string;
  /** Labels added to every series of the target (e.g. `host: 'host-a'`). */
  labels?: Record<string, string>;
  /** Default `stevedore`. */
  job?: string;
  /** Default /metrics. */
  metricsPath?: string;
}

export interface StartPrometheusOptions {
  targets: Array<string | PrometheusTarget>;
  /** Scrape (and rule evaluation) interval, seconds. Default 1. */
  scrapeIntervalSeconds?: number;
  /** A data folder to open (left in place on stop); default a new temporary one (removed on stop). */
  dataDir?: string;
  /** Extra files beside prometheus.yml (rules), listed under rule_files when their names end in .rules.yml. */
  files?: Record<string, string>;
  /** Extra command-line flags, e.g. --query.timeout=1s. */
  args?: string[];
  /** The loopback port to listen on (a restart at the same address); default a free one. */
  port?: number;
}

export interface PrometheusServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  /** The server's log so far (for assertion messages). */
  log(): string;
  /** `data` of GET /api/v1/<path>. */
  api<T>(path: string, query?: Record<string, string>): Promise<T>;
  /** An instant query's vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Waits until every target was scraped and is up. */
  waitForTargets(timeoutMs?: number): Promise<void>;
  /** Stops it by its PID (SIGTERM, then SIGKILL after 10 s) and removes the folders it created. */
  stop(): Promise<void>;
}

const yamlString = (value: string): string => JSON.stringify(value);

/** prometheus.yml for the targets (one static config per target so each keeps its own labels). */
export function prometheusConfig(options: StartPrometheusOptions): string {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const targets = options.targets.map((t) => (typeof t === 'string' ? { target: t } : t));
  const jobs = new Map<string, PrometheusTarget[]>();
  for (const target of targets) {
    const job = target.job ?? 'stevedore';
    jobs.set(job, [...(jobs.get(job) ?? []), target]);
  }
  const ruleFiles = Object.keys(options.files ?? {}).filter((name) => name.endsWith('.rules.yml'));
  const lines = ['global:', `  scrape_interval: ${interval}`, `  evaluation_interval: ${interval}`];
  if (ruleFiles.length) lines.push('rule_files:', ...ruleFiles.map((file) => `  - ${yamlString(file)}`));
  lines.push('scrape_configs:');
  for (const [job, list] of jobs) {
    lines.push(`  - job_name: ${yamlString(job)}`);
    const path = list[0].metricsPath;
    if (path) lines.push(`    metrics_path: ${yamlString(path)}`);
    lines.push('    static_configs:');
    for (const target of list) {
      lines.push(`      - targets: [${yamlString(target.target)}]`);
      const labels = Object.entries(target.labels ?? {});
      if (labels.length) {
        lines.push('        labels:');
        for (const [name, value] of labels) lines.push(`          ${name}: ${yamlString(value)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-test-prometheus-'));
  const dataDir = options.dataDir ?? join(dir, 'data');
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(options));
  const port = options.port ?? await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dir, 'prometheus.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...(options.args ?? []),
  ], { cwd: dir, stdio: ['ignore', log, log] });
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const api = async <T>(path: string, query: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(query).toString()}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error}`);
    return body.data;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${readLog().slice(-2000)}`);
      return fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    }, 30_000, 'Prometheus /-/ready');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    pid: child.pid ?? 0,
    log: readLog,
    api,
    query: async (expr) => (await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>('query', { query: expr })).result,
    waitForTargets: (timeoutMs = 30_000) =>
      waitUntil(async () => {
        const { activeTargets } = await api<{ activeTargets: Array<{ health: string }> }>('targets');
        return activeTargets.length === options.targets.length && activeTargets.every((t) => t.health === 'up');
      }, timeoutMs, 'every Prometheus target up'),
    stop,
  };
}
