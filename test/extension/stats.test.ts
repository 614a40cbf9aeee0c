// The Container stats view in a real VS Code with the real engine: the demo compose project is
// brought up under its own name, and the page answers a validated snapshot of what it renders.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import type { RenderedService } from '../../src/shared/protocol/stats';
import { buildTestImage, requireDocker } from '../support/docker';
import { demoFile, statsSnapshot, type StatsSnapshot, stevedore, waitFor } from './helpers';

const run = promisify(execFile);
const PROJECT = `stevedore-t-statsui-ext-${process.pid}`;
const DEMO_IMAGE = 'stevedore-demo-busybox:latest';
const HOSTILE = '<img src=x onerror=alert(1)>';


async function composeCommand(): Promise<[string, string[]]> {
  try {
    await run('docker', ['compose', 'version']);
    return ['docker', ['compose']];
  } catch {
    return ['docker-compose', ['--compatibility']];
  }
}

export default function register(): void {
  describe('stats: the Container stats view on the demo compose project', function () {
    this.timeout(240_000);
    let api: StevedoreApi;
    let composeFile: string;
    let compose: [string, string[]];

    const composeRun = (...args: string[]) =>
      run(compose[0], [...compose[1], '-p', PROJECT, '-f', composeFile, ...args], { cwd: demoFile().fsPath, maxBuffer: 16 * 1024 * 1024 });

    const snapshot = (): Promise<StatsSnapshot> => statsSnapshot(api);

    const serviceIn = (shot: StatsSnapshot | undefined, name: string): RenderedService | undefined => shot?.services.find((s) => s.service === name);

    before(async function () {
      await requireDocker(this);
      compose = await composeCommand();
      composeFile = demoFile('compose.yaml').fsPath;
      try {
        await run('docker', ['image', 'inspect', DEMO_IMAGE]);
      } catch {
        await buildTestImage(DEMO_IMAGE, 'CMD ["sh"]\n');
      }
      await composeRun('up', '-d');
      api = await stevedore();
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(() => api.webviews.get('stats'), 'the stats webview to resolve');
    });

    after(async () => {
      await run('docker', ['rm', '-f', `${PROJECT}-hostile`]).catch(() => undefined);
      if (composeFile) await composeRun('down', '-t', '1', '--remove-orphans').catch(() => undefined);
    });

    it('lists web, worker (2 replicas) and cache with live numbers', async () => {
      const shot = await waitFor(async () => {
        const answer = await snapshot().catch(() => undefined);
        const ready = ['web', 'worker', 'cache'].every((name) => serviceIn(answer, name)?.numbersShown);
        return ready ? answer : undefined;
      }, 'the view to show web, worker and cache with numbers', 120_000);
      assert.equal(serviceIn(shot, 'web')?.status, 'running');
      assert.equal(serviceIn(shot, 'worker')?.status, '2 running');
      assert.match(serviceIn(shot, 'cache')?.text ?? '', /\d+(\.\d+)?%/, 'the cache row shows a CPU percentage');
      assert.match(serviceIn(shot, 'cache')?.text ?? '', /MiB \/ 128MiB/, 'the cache row shows memory against its 128M limit');
      assert.equal(shot.banner, '', 'no connection or compose problem is shown');
    });

    it('keeps the history while the view is closed: the re-created page charts from where it started', async () => {
      const before = await waitFor(async () => {
        const chart = serviceIn(await snapshot().catch(() => undefined), 'worker')?.chart;
        return chart && chart.points >= 5 ? chart : undefined;
      }, 'five points on the worker chart', 60_000);
      const webview = api.webviews.get('stats')!;
      // Hidden without retainContextWhenHidden: VS Code destroys the page and loads a new one when the
      // view shows again (it says 'ready'); the points come from what the extension kept meanwhile.
      let readies = 0;
      const listener = webview.onDidReceiveMessage((message: { type?: unknown }) => {
        if (message?.type === 'ready') readies++;
      });
      try {
        await vscode.commands.executeCommand('workbench.action.closeSidebar');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await vscode.commands.executeCommand('stevedore.containerStats.focus');
        await waitFor(() => (readies > 0 ? true : undefined), 'a new page to load', 30_000);
        const after = await waitFor(async () => {
          const chart = serviceIn(await snapshot().catch(() => undefined), 'worker')?.chart;
          return chart && chart.points >= before.points ? chart : undefined;
        }, 'the new page to chart the kept points', 60_000);
        assert.ok(after.first <= before.first + 1, `the chart starts where it started before the view was closed (${after.first} vs ${before.first})`);
      } finally {
        listener.dispose();
        await vscode.commands.executeCommand('stevedore.containerStats.focus');
      }
    });

    it('updates the row when a container is stopped while the view is open', async () => {
      const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', 'label=com.docker.compose.service=web']);
      const id = stdout.trim();
      assert.ok(id, 'the web container is running');
      await run('docker', ['stop', '-t', '1', id]);
      const web = await waitFor(async () => {
        const row = serviceIn(await snapshot().catch(() => undefined), 'web');
        return row && row.status === 'stopped' ? row : undefined;
      }, 'the web row to say stopped', 60_000);
      assert.equal(web.numbersShown, false, 'a stopped service shows no numbers');
    });

    it('starts the stopped service again from its context-menu command', async () => {
      await vscode.commands.executeCommand('stevedore.stats.start', { webview: 'stevedore.containerStats', webviewSection: 'service', project: PROJECT, service: 'web' });
      const web = await waitFor(async () => {
        const row = serviceIn(await snapshot().catch(() => undefined), 'web');
        return row?.status === 'running' && row.numbersShown ? row : undefined;
      }, 'the web row to run again with numbers', 60_000);
      assert.equal(web.status, 'running');
    });

    it('counts the error lines of a service\'s logs in its row', async () => {
      // The demo's cache prints "ERROR cache warmup slow" once when it starts.
      const cache = await waitFor(async () => {
        const row = serviceIn(await snapshot().catch(() => undefined), 'cache');
        return row && row.errors > 0 ? row : undefined;
      }, 'the cache row to show its error count', 30_000);
      assert.equal(cache.errors, 1);
    });

    it('follows a service\'s logs in an output channel, error lines at error level', async () => {
      await vscode.commands.executeCommand('stevedore.stats.logs', { webviewSection: 'service', project: PROJECT, service: 'cache' });
      // A shown output channel is a text document with the `output` scheme; its log lines carry their level.
      const text = await waitFor(() => {
        const channel = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.getText().includes('ERROR cache warmup slow'));
        return channel?.getText();
      }, 'the cache logs to appear in an output channel', 30_000);
      const line = text.split('\n').find((l) => l.includes('ERROR cache warmup slow')) ?? '';
      assert.match(line, /\[error\]/, line);
      assert.match(line, /cache/);
    });

    it('opens the inspect JSON of every replica in a read-only editor', async () => {
      await vscode.commands.executeCommand('stevedore.stats.inspect', { webviewSection: 'service', project: PROJECT, service: 'worker' });
      const editor = await waitFor(() => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.scheme === 'stevedore-inspect' ? active : undefined;
      }, 'the inspect document to open');
      const inspected = JSON.parse(editor.document.getText()) as Array<{ Config: { Labels: Record<string, string> } }>;
      assert.equal(inspected.length, 2);
      assert.ok(inspected.every((c) => c.Config.Labels['com.docker.compose.service'] === 'worker'));
      assert.equal(editor.document.languageId, 'json');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('marks memory as critical, in words as well as colour, when stevedore.stats.thresholds says so', async () => {
      const settings = vscode.workspace.getConfiguration('stevedore.stats');
      await settings.update('thresholds', { cpu: { warning: 70, critical: 85 }, memory: { warning: 0, critical: 0.001 } }, vscode.ConfigurationTarget.Workspace);
      try {
        const cache = await waitFor(async () => {
          const row = serviceIn(await snapshot().catch(() => undefined), 'cache');
          return row?.text.includes('(critical)') ? row : undefined;
        }, 'the cache row to say critical', 30_000);
        assert.match(cache.text, /MiB \/ 128MiB/);
      } finally {
        await settings.update('thresholds', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor(async () => {
        const row = serviceIn(await snapshot().catch(() => undefined), 'cache');
        return row && !row.text.includes('(critical)') ? row : undefined;
      }, 'the default thresholds to apply again', 30_000);
    });

    it('says which engine it cannot reach and what to do, and comes back when pointed at the engine again', async () => {
      const settings = vscode.workspace.getConfiguration('stevedore');
      const nowhere = `unix:///tmp/${PROJECT}-no-engine.sock`;
      await settings.update('dockerHost', nowhere, vscode.ConfigurationTarget.Workspace);
      try {
        const shot = await waitFor(async () => {
          const answer = await snapshot().catch(() => undefined);
          // First "Connecting to … at <host>", then the failure with the same host.
          return answer?.banner.includes(nowhere) && /not reachable/.test(answer.banner) ? answer : undefined;
        }, 'the view to report the unreachable engine', 30_000);
        assert.match(shot.banner, /stevedore\.dockerHost|DOCKER_HOST/, 'it says how to point Stevedore at an engine');
        assert.equal(shot.services.length, 0, 'no stale rows while the engine is unreachable');
      } finally {
        await settings.update('dockerHost', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor(async () => {
        const answer = await snapshot().catch(() => undefined);
        return answer?.banner === '' && serviceIn(answer, 'cache')?.numbersShown ? answer : undefined;
      }, 'the view to show live numbers again', 60_000);
    });

    it('says what is wrong with a Docker host setting it cannot use at all', async () => {
      const settings = vscode.workspace.getConfiguration('stevedore');
      await settings.update('dockerHost', 'gopher://engine', vscode.ConfigurationTarget.Workspace);
      try {
        const shot = await waitFor(async () => {
          const answer = await snapshot().catch(() => undefined);
          return answer?.banner.includes('gopher://') ? answer : undefined;
        }, 'the view to report the unusable host', 30_000);
        assert.match(shot.banner, /unix:\/\/, tcp:\/\/, ssh:\/\/ or npipe:\/\//, 'it names the schemes that work');
        assert.doesNotMatch(shot.banner, /Choose compose file/, 'a host problem is not offered as a compose problem');
      } finally {
        await settings.update('dockerHost', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor(async () => serviceIn(await snapshot().catch(() => undefined), 'cache')?.numbersShown, 'the services to come back', 60_000);
    });

    it('says when the chosen compose file does not exist, and offers to choose one', async () => {
      const settings = vscode.workspace.getConfiguration('stevedore.compose');
      await settings.update('files', ['missing-compose.yaml'], vscode.ConfigurationTarget.Workspace);
      try {
        const shot = await waitFor(async () => {
          const answer = await snapshot().catch(() => undefined);
          return answer?.banner.includes('missing-compose.yaml') ? answer : undefined;
        }, 'the view to report the missing compose file', 30_000);
        assert.match(shot.banner, /does not exist/);
        assert.match(shot.banner, /Choose compose file/);
      } finally {
        await settings.update('files', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor(async () => serviceIn(await snapshot().catch(() => undefined), 'cache')?.numbersShown, 'the services to come back', 60_000);
    });

    it('shows a service label that is HTML as text', async () => {
      await run('docker', [
        'run', '-d', '--network', 'none', '--name', `${PROJECT}-hostile`,
        '--label', `com.docker.compose.project=${PROJECT}`,
        '--label', `com.docker.compose.service=${HOSTILE}`,
        '--label', `com.docker.compose.project.config_files=${composeFile}`,
        '--label', `com.docker.compose.project.working_dir=${demoFile().fsPath}`,
        '--label', 'com.docker.compose.container-number=1',
        DEMO_IMAGE, 'sleep', '600',
      ]);
      const row = await waitFor(async () => serviceIn(await snapshot().catch(() => undefined), HOSTILE), 'the hostile service to be listed', 60_000);
      // textContent holds the literal markup only when it was inserted as text, not parsed as an element.
      assert.ok(row.text.includes(HOSTILE), `row text: ${row.text}`);
    });
  });
}
