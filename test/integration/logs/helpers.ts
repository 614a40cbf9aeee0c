// Shared by the log integration suites: a compose project of busybox services on disk (Compose v1
// with --compatibility, so deploy.replicas applies), and waiting on a ProjectLogs.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LogLine, ProjectLogs } from '../../../src/logs';

const run = promisify(execFile);

export const IMAGE = 'stevedore-test-logs-busybox:latest';

/** A folder named `folderName` holding compose.yaml; returns its real path. */
export function writeProject(folderName: string, composeYaml: string): string {
  const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-test-logs-'))), folderName);
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

/** Resolves once the logs' ring satisfies `predicate`; rejects after `timeoutMs` saying what it holds. */
export function waitForLines(logs: ProjectLogs, what: string, predicate: (lines: readonly LogLine[]) => boolean, timeoutMs = 30_000): Promise<readonly LogLine[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const lines = logs.lines();
      if (!predicate(lines)) return false;
      clearTimeout(timer);
      logs.off('lines', check);
      resolve(lines);
      return true;
    };
    const timer = setTimeout(() => {
      logs.off('lines', check);
      const lines = logs.lines();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${lines.length} lines, last: ${lines.slice(-3).map((l) => `${l.container}: ${l.message.slice(0, 60)}`).join(' / ')}`));
    }, timeoutMs);
    logs.on('lines', check);
    check();
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
