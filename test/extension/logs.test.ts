// The log view and the shell in a real VS Code with the real engine: the demo compose project under
// its own name; the view shows its merged lines, the error count of a Container stats row opens it
// filtered to that service's errors, and "Open shell" gives a terminal that runs a command.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { parseLogsFromWebview, type RenderedLogView } from '../../src/shared/protocol/logs';
import { buildTestImage, requireDocker } from '../support/docker';
import { demoFile, statsSnapshot, stevedore, waitFor } from './helpers';

const run = promisify(execFile);
const PROJECT = `stevedore-test-logsview-ext-${process.pid}`;
const DEMO_IMAGE = 'stevedore-demo-busybox:latest';

interface ShellHandle {
  terminal: vscode.Terminal;
  output(): string;
  command: string[];
}

let nextId = 2_000_000;
function logsSnapshot(api: StevedoreApi, timeoutMs = 5000): Promise<RenderedLogView> {
  const webview = api.webviews.get('logs');
  if (!webview) return Promise.reject(new Error('The log view is not open'));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('The log view did not answer the snapshot request'));
    }, timeoutMs);
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseLogsFromWebview(raw);
      if (message?.type !== 'logs/snapshot' || message.id !== id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(message.view);
    });
    void webview.postMessage({ type: 'logs/snapshotRequest', id });
  });
}

export default function register(): void {
  describe('logs: the log view and Open shell on the demo compose project', function () {
    this.timeout(240_000);
    let api: StevedoreApi;
    let compose: [string, string[]];
    const composeRun = (...args: string[]) =>
      run(compose[0], [...compose[1], '-p', PROJECT, '-f', demoFile('compose.yaml').fsPath, ...args], { cwd: demoFile().fsPath });

    before(async function () {
      await requireDocker(this);
      try {
        await run('docker', ['compose', 'version']);
        compose = ['docker', ['compose']];
      } catch {
        compose = ['docker-compose', ['--compatibility']];
      }
      try {
        await run('docker', ['image', 'inspect', DEMO_IMAGE]);
      } catch {
        await buildTestImage(DEMO_IMAGE, 'CMD ["sh"]\n');
      }
      await composeRun('up', '-d');
      api = await stevedore();
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      if (compose) await composeRun('down', '-t', '1', '--remove-orphans').catch(() => undefined);
    });

    it('shows the merged lines of the project\'s services', async () => {
      await vscode.commands.executeCommand('stevedore.showLogs');
      await waitFor(() => api.webviews.get('logs'), 'the log view to open');
      const view = await waitFor(async () => {
        const shot = await logsSnapshot(api).catch(() => undefined);
        return shot && shot.rows.some((row) => / web .*serving/.test(row)) && shot.total >= 2 ? shot : undefined;
      }, 'the log view to show web\'s lines', 60_000);
      assert.deepEqual(view.filter.services, []);
      assert.ok(view.following);
    });

    it('opens filtered to a service\'s errors from its error count in Container stats', async () => {
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(async () => {
        const shot = await statsSnapshot(api).catch(() => undefined);
        return shot?.services.find((s) => s.service === 'cache' && s.errors > 0);
      }, 'the cache row to count its error line', 60_000);
      await vscode.commands.executeCommand('stevedore.stats.errors', { webviewSection: 'service', project: PROJECT, service: 'cache' });
      const view = await waitFor(async () => {
        const shot = await logsSnapshot(api).catch(() => undefined);
        const filled = shot && shot.rows.length > 0 && !shot.rows.some((row) => row.trim() === '…');
        return shot && filled && shot.filter.services.join() === 'cache' && shot.total > 0 ? shot : undefined;
      }, 'the log view to show cache\'s errors', 30_000);
      assert.deepEqual(view.filter.levels, ['error']);
      assert.ok(view.rows.every((row) => / cache ERR ERROR cache warmup slow/.test(row)), view.rows.join('\n'));
    });

    it('"Open shell" opens a terminal that runs a command in the container', async () => {
      const handle = await vscode.commands.executeCommand<ShellHandle | undefined>('stevedore.openShell', { service: 'web' });
      assert.ok(handle, 'the command opened a shell');
      await waitFor(() => handle.output().includes('#') || handle.output().includes('$'), 'the shell prompt', 30_000);
      assert.deepEqual(handle.command, ['sh'], 'busybox has no bash: sh');
      // Typed through VS Code's terminal (the Pseudoterminal's handleInput), read from what the session wrote.
      handle.terminal.sendText('echo shell-$((6*7))-ok');
      await waitFor(() => handle.output().includes('shell-42-ok'), 'the command\'s output in the terminal', 30_000);
      handle.terminal.dispose();
    });
  });
}
