// Shared by the stats integration suites: a compose project of busybox services on disk, Compose v1
// with --compatibility (so deploy limits apply), docker stats for comparison, waiting on the monitor,
// and counting what the process holds open (file descriptors, timers).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { isEmptyStats, sampleFromStats } from '../../../src/stats/calculate';
import type { EngineStats } from '../../../src/stats/engineJson';
import { onLines } from '../../../src/stats/streams';
import type { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ServiceState } from '../../../src/stats/types';

const run = promisify(execFile);

export const IMAGE = 'stevedore-t-stats-busybox:latest';

/** A folder named `folderName` holding compose.yaml; returns its real path. */
export function writeProject(folderName: string, composeYaml: string): string {
  const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-t-stats-'))), folderName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yaml'), composeYaml);
  return dir;
}

export async function compose(dir: string, project: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout, stderr } = await run('docker-compose', ['--compatibility', '-p', project, '-f', join(dir, 'compose.yaml'), ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

export interface DockerStatsLine {
  Name: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

/** `docker stats --no-stream --format '{{json .}}'` for the named containers. */
export async function dockerStats(names: string[], env: NodeJS.ProcessEnv = {}): Promise<Map<string, DockerStatsLine>> {
  const { stdout } = await run('docker', ['stats', '--no-stream', '--format', '{{json .}}', ...names], { env: { ...process.env, ...env } });
  const lines = stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as DockerStatsLine);
  return new Map(lines.map((line) => [line.Name, line]));
}

/** "40.41MiB" / "1.52kB" back to bytes. */
export function parseSize(text: string): number {
  const match = /^([0-9.e+]+)([A-Za-z]+)$/.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text}`);
  const binary = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  const decimal = ['B', 'kB', 'MB', 'GB', 'TB'];
  const value = Number(match[1]);
  if (binary.includes(match[2])) return value * 1024 ** binary.indexOf(match[2]);
  if (decimal.includes(match[2])) return value * 1000 ** decimal.indexOf(match[2]);
  throw new Error(`unknown unit in ${text}`);
}

/** Resolve with the first 'state' payload that satisfies `predicate`; reject after `timeoutMs` saying what was last seen. */
export function waitForState(monitor: ComposeStatsMonitor, what: string, predicate: (states: ServiceState[]) => boolean, timeoutMs = 20_000): Promise<ServiceState[]> {
  return new Promise((resolve, reject) => {
    let last: ServiceState[] = [];
    const timer = setTimeout(() => {
      monitor.off('state', listener);
      const seen = last.map((s) => `${s.service}:${s.status}[${s.containers.map((c) => `${c.container}=${c.state}${c.sample ? '+sample' : ''}`).join(',')}]`).join(' ');
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${seen}`));
    }, timeoutMs);
    const listener = (states: ServiceState[]) => {
      last = states;
      if (!predicate(states)) return;
      clearTimeout(timer);
      monitor.off('state', listener);
      resolve(states);
    };
    monitor.on('state', listener);
    const current = monitor.states();
    if (current.length) listener(current);
  });
}

export const service = (states: ServiceState[], name: string): ServiceState => {
  const found = states.find((s) => s.service === name);
  if (!found) throw new Error(`no service ${name} in ${states.map((s) => s.service).join(', ')}`);
  return found;
};

export const sampled = (state: ServiceState, count: number) => state.containers.filter((c) => c.sample).length === count;

/** One of the engine's one-second stats windows of a container: its span and what docker stats computes from it. */
export interface EngineWindow {
  from: number;
  to: number;
  cpuPercent: number;
  memoryUsageBytes: number;
}

/**
 * The engine's own stats windows of some containers, recorded while a test samples them, so a CPU
 * figure taken over any second of that time can be checked against the windows it overlaps. On a
 * shared 2-core machine a busy container's CPU jumps by tens of points from one second to the next
 * (measured: 29.5 % then 49.3 % a few seconds later), so two figures agree only over the same time.
 */
export class EngineWindows {
  private readonly windows = new Map<string, EngineWindow[]>();
  private readonly streams: Readable[] = [];

  private constructor(private readonly names: string[]) {}

  static async open(docker: Docker, names: string[]): Promise<EngineWindows> {
    const recorder = new EngineWindows(names);
    await Promise.all(names.map(async (name) => {
      const stream = (await docker.getContainer(name).stats({ stream: true })) as unknown as Readable;
      recorder.streams.push(stream);
      onLines(stream, (line) => {
        let doc: EngineStats;
        try {
          doc = JSON.parse(line) as EngineStats;
        } catch {
          return;
        }
        // The stream's first document has no previous reading: no window.
        if (isEmptyStats(doc) || !doc.preread || doc.preread.startsWith('0001-01-01')) return;
        const list = recorder.windows.get(name) ?? [];
        const sample = sampleFromStats(doc);
        list.push({ from: Date.parse(doc.preread), to: Date.parse(doc.read!), cpuPercent: sample.cpuPercent, memoryUsageBytes: sample.memoryUsageBytes });
        recorder.windows.set(name, list);
      });
    }));
    await recorder.until(Date.now());
    return recorder;
  }

  /** Resolves once every container has a window ending after `time` (the engine reads once a second). */
  async until(time: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.names.every((name) => (this.windows.get(name) ?? []).some((w) => w.to > time))) {
      if (Date.now() > deadline) throw new Error(`no engine stats window after ${new Date(time).toISOString()} for ${this.names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The lowest and highest figure of the windows overlapping [from, to], and how many there were. */
  async range(name: string, metric: 'cpuPercent' | 'memoryUsageBytes', from: number, to: number): Promise<{ min: number; max: number; count: number }> {
    await this.until(to);
    const overlapping = (this.windows.get(name) ?? []).filter((w) => w.to > from && w.from < to);
    const values = overlapping.map((w) => w[metric]);
    return { min: Math.min(...values), max: Math.max(...values), count: values.length };
  }

  /**
   * The engine's figure averaged over [from, to]: each window weighted by the part of it inside the
   * span (the windows tile the engine's time, one after another), undefined without any.
   */
  async mean(name: string, metric: 'cpuPercent' | 'memoryUsageBytes', from: number, to: number): Promise<number | undefined> {
    await this.until(to);
    let weighted = 0;
    let covered = 0;
    for (const window of this.windows.get(name) ?? []) {
      const inside = Math.min(window.to, to) - Math.max(window.from, from);
      if (inside <= 0) continue;
      weighted += window[metric] * inside;
      covered += inside;
    }
    return covered > 0 ? weighted / covered : undefined;
  }

  close(): void {
    for (const stream of this.streams) stream.destroy();
  }
}

/**
 * A CPU figure measured over one second somewhere in [from, to] agrees with the engine's windows over
 * that time: it lies between their lowest and highest figure, give or take 2 points or 5 % (the host
 * CPU time has a 10 ms resolution, and the two readings of a window are not taken at the same instant).
 * A container held to `cpuLimitCores` by a CFS quota runs in bursts of its quota each 100 ms period,
 * so a one-second figure whose ends fall in a burst or between two moves by up to one period's
 * quota: `cpuLimitCores` x 10 points (0.5 CPU: 5 points; seen: 51.79 % against windows of
 * 47.74..48.93 % over the same seconds).
 */
export async function assertCpuWithinWindows(
  windows: EngineWindows, name: string, cpuPercent: number, from: number, to: number, label: string, cpuLimitCores?: number,
): Promise<void> {
  const range = await windows.range(name, 'cpuPercent', from, to);
  assert.ok(range.count > 0, `${label}: no engine window overlaps ${new Date(from).toISOString()}..${new Date(to).toISOString()}`);
  const slack = (value: number) => Math.max(2, value * 0.05, (cpuLimitCores ?? 0) * 10);
  assert.ok(
    cpuPercent >= range.min - slack(range.min) && cpuPercent <= range.max + slack(range.max),
    `${label}: CPU ${cpuPercent.toFixed(2)}% outside the engine's ${range.count} windows over the same time (${range.min.toFixed(2)}..${range.max.toFixed(2)}%)`,
  );
}

/**
 * The same for memory: an idle container's few hundred KiB move by more than 64 KiB from one second
 * to the next as the kernel ages its pages (measured: 324 KiB, then 504 KiB). Within 64 KiB or 2 %.
 */
export async function assertMemoryWithinWindows(windows: EngineWindows, name: string, bytes: number, from: number, to: number, label: string): Promise<void> {
  const range = await windows.range(name, 'memoryUsageBytes', from, to);
  assert.ok(range.count > 0, `${label}: no engine window overlaps ${new Date(from).toISOString()}..${new Date(to).toISOString()}`);
  const slack = (value: number) => Math.max(64 * 1024, value * 0.02);
  assert.ok(
    bytes >= range.min - slack(range.min) && bytes <= range.max + slack(range.max),
    `${label}: memory ${bytes} B outside the engine's ${range.count} windows over the same time (${range.min}..${range.max} B)`,
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Open file descriptors of this process, by kind (sockets, pipes, files). */
export function descriptors(): { total: number; sockets: number; files: number } {
  let sockets = 0;
  let files = 0;
  const entries = readdirSync('/proc/self/fd');
  for (const fd of entries) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the directory's own descriptor, closed once listed
    }
    if (target.startsWith('socket:')) sockets++;
    else if (target.startsWith('/')) files++;
  }
  return { total: entries.length, sockets, files };
}

/** Active timers (setTimeout/setInterval not yet cleared or fired) in this process. */
export function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/** Wait until the counts settle on what they were (closing sockets is asynchronous), then compare. */
export async function settled<T>(what: string, read: () => T, expected: T, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(200);
    last = read();
  }
  const handles = (process as unknown as { _getActiveHandles?: () => object[] })._getActiveHandles?.() ?? [];
  const described = handles.filter((h) => h.constructor?.name === 'Timeout').map((h) => {
    const timer = h as { _idleTimeout?: number; _onTimeout?: () => void };
    return `${timer._idleTimeout} ms ${String(timer._onTimeout).slice(0, 120)}`;
  });
  assert.deepEqual(last, expected, `${what} (active: ${process.getActiveResourcesInfo().join(', ')}; timers: ${described.join(' | ')})`);
}

/**
 * For timers, a leak is growth: the baseline may have caught a timer of the moment (a keep-alive
 * socket's, a compose command's), so wait until the count is back at or under it.
 */
export async function settledAtMost(what: string, read: () => number, most: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (read() > most && Date.now() < deadline) await sleep(200);
  if (read() > most) await settled(what, read, most, 0);
}

/**
 * Past Node's keep-alive timeout (5 s): sockets an engine request left in the HTTP agent's pool are
 * closed, so what remains is the monitor's own (its streams) and the process'.
 */
export const KEEP_ALIVE_CLOSED_MS = 6000;
/** How long dispose() may take to close what it opened: well under the keep-alive timeout. */
export const AFTER_DISPOSE_MS = 2500;
