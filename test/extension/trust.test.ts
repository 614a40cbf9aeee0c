// Workspace Trust in a real VS Code: a cloned repository's .vscode/settings.json names an engine
// (a TCP listener scripts/test-extension.mjs owns and logs every connection to) and a compose file
// outside the folder. Opened untrusted, Stevedore must use neither, and must use both once trusted.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { buildTestImage, dockerCli, requireDocker } from '../support/docker';
import { renderedSnapshot } from './analyze.test';
import { driver, type StatsSnapshot, statsSnapshot, stevedore, waitFor } from './helpers';

const IMAGE = `stevedore-t-trust-${process.pid}:1`;

/** The environment the runner gives the untrusted run; without it this suite cannot prove anything. */
function runnerValue(name: 'STEVEDORE_TRUST_LISTENER' | 'STEVEDORE_TRUST_CONNECTIONS'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the untrusted suites through scripts/test-extension.mjs`);
  return value;
}

const serviceNames = (shot: StatsSnapshot | undefined): string[] => shot?.services.map((s) => s.service) ?? [];

export default function register(): void {
  describe('trust: an untrusted folder cannot choose the engine or the compose files', function () {
    this.timeout(180_000);
    const listener = runnerValue('STEVEDORE_TRUST_LISTENER');
    /** Connections the folder's engine (the runner's listener) has seen so far. */
    const connections = (): number => readFileSync(runnerValue('STEVEDORE_TRUST_CONNECTIONS'), 'utf8').split('\n').filter(Boolean).length;
    let api: StevedoreApi;
    let folder: vscode.WorkspaceFolder;

    before(async function () {
      await requireDocker(this);
      await buildTestImage(IMAGE, 'CMD ["sh"]\n');
      folder = vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder;
      assert.ok(folder, 'the untrusted folder is open');
      api = await stevedore();
    });

    after(async () => {
      await vscode.workspace.getConfiguration('stevedore').update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
      await dockerCli(['rmi', '-f', IMAGE]).catch(() => undefined);
    });

    it('opens the folder in Restricted mode, where VS Code gives Stevedore only user values of the restricted settings', () => {
      assert.equal(vscode.workspace.isTrusted, false, 'the runner opens the fixture untrusted');
      // The folder's settings file is read: its unrestricted setting applies...
      assert.equal(vscode.workspace.getConfiguration('stevedore.lint', folder.uri).get('debounceMs'), 151);
      // ...but neither restricted one, not even through inspect().
      const host = vscode.workspace.getConfiguration('stevedore').inspect<string>('dockerHost');
      assert.equal(vscode.workspace.getConfiguration('stevedore').get('dockerHost'), '');
      assert.equal(host?.workspaceValue, undefined);
      assert.equal(host?.workspaceFolderValue, undefined);
      const files = vscode.workspace.getConfiguration('stevedore.compose', folder.uri).inspect<string[]>('files');
      assert.deepEqual(vscode.workspace.getConfiguration('stevedore.compose', folder.uri).get('files'), []);
      assert.equal(files?.workspaceValue, undefined);
      assert.equal(files?.workspaceFolderValue, undefined);
    });

    it("Container stats reads the folder's own compose file on the user's engine, and never connects to the folder's host", async () => {
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(() => api.webviews.get('stats'), 'the stats webview to resolve');
      const shot = await waitFor(async () => {
        const answer = await statsSnapshot(api).catch(() => undefined);
        return answer?.banner === '' && serviceNames(answer).includes('inside') ? answer : undefined;
      }, "the view to list the folder's own service, connected", 60_000);
      assert.deepEqual(serviceNames(shot), ['inside'], 'nothing from ../outside/compose.yaml');
      assert.equal(connections(), 0, `nothing connected to ${listener}`);
    });

    it("says which engine it uses: a user setting applies in Restricted mode", async () => {
      const userHost = `unix:///tmp/stevedore-t-trust-${process.pid}-user.sock`;
      await vscode.workspace.getConfiguration('stevedore').update('dockerHost', userHost, vscode.ConfigurationTarget.Global);
      try {
        const shot = await waitFor(async () => {
          const answer = await statsSnapshot(api).catch(() => undefined);
          return answer?.banner.includes(userHost) && /not reachable/.test(answer.banner) ? answer : undefined;
        }, 'the view to report the user-level host it cannot reach', 30_000);
        assert.doesNotMatch(shot.banner, /127\.0\.0\.1/);
      } finally {
        await vscode.workspace.getConfiguration('stevedore').update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
      }
      await waitFor(async () => {
        const answer = await statsSnapshot(api).catch(() => undefined);
        return answer?.banner === '' && serviceNames(answer).includes('inside') ? answer : undefined;
      }, 'the view to come back on the default engine', 60_000);
      assert.equal(connections(), 0, `nothing connected to ${listener}`);
    });

    it("analyzes an image on the user's engine, not the folder's", async () => {
      await vscode.commands.executeCommand('stevedore.analyzeImage', IMAGE);
      const shown = await renderedSnapshot(api, IMAGE);
      assert.ok(shown.treeRowsRendered > 0);
      assert.equal(connections(), 0, `nothing connected to ${listener}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('refuses Build and compare in Restricted mode: nothing is built', async () => {
      const tag = 'stevedore-test-compare-untrusted:1';
      const dockerfile = vscode.Uri.joinPath(folder.uri, 'Dockerfile');
      await vscode.commands.executeCommand('stevedore.buildAndCompare', dockerfile, { tag, network: 'none' });
      await assert.rejects(dockerCli(['image', 'inspect', tag]), 'no image was built');
      assert.equal(connections(), 0, `nothing connected to ${listener}`);
    });

    it('saves a compose file chosen in Restricted mode and says it applies once the folder is trusted', async () => {
      const settingsFile = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
      const before = Buffer.from(await vscode.workspace.fs.readFile(settingsFile)).toString('utf8');
      // Not awaited: the command waits for the notification's answer.
      void vscode.commands.executeCommand('stevedore.stats.chooseComposeFiles');
      // The web workbench's file dialog is a quick input holding a path.
      await driver({ action: 'typeAndEnter', text: vscode.Uri.joinPath(folder.uri, 'compose.yaml').fsPath });
      await driver({ action: 'waitForText', text: 'Container stats uses it once you trust this workspace' });
      const after = Buffer.from(await vscode.workspace.fs.readFile(settingsFile)).toString('utf8');
      assert.notEqual(after, before, 'the choice is saved in the folder settings');
      assert.match(after, /"stevedore\.compose\.files": \[\s*"compose\.yaml"\s*\]/);
      assert.deepEqual(vscode.workspace.getConfiguration('stevedore.compose', folder.uri).get('files'), [], 'and not applied while untrusted');
      // Put the hostile value back for the next test.
      await vscode.workspace.fs.writeFile(settingsFile, Buffer.from(before, 'utf8'));
      await vscode.commands.executeCommand('notifications.clearAll');
    });

    it("uses the folder's engine and compose files once the user trusts the folder", async () => {
      const granted = new Promise<void>((resolve) => {
        const once = vscode.workspace.onDidGrantWorkspaceTrust(() => {
          once.dispose();
          resolve();
        });
      });
      // The Workspace Trust editor; the runner clicks its Trust button (the UI is out of the extension host's reach).
      await vscode.commands.executeCommand('workbench.trust.manage');
      await driver({ action: 'clickButton', name: 'Trust' });
      await Promise.race([granted, new Promise((_, reject) => setTimeout(() => reject(new Error('Workspace trust was not granted within 30 s')), 30_000))]);
      assert.equal(vscode.workspace.isTrusted, true);
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      // The listener answers nothing: the view says so, naming it.
      await waitFor(async () => {
        const answer = await statsSnapshot(api).catch(() => undefined);
        return answer?.banner.includes(listener) ? answer : undefined;
      }, `the view to use the folder's engine ${listener}`, 60_000);
      await waitFor(() => connections() > 0, `a connection to ${listener}`, 30_000);
      // Without the folder's engine, the default one serves ../outside/compose.yaml, the folder's compose file now.
      await vscode.workspace.getConfiguration('stevedore').update('dockerHost', undefined, vscode.ConfigurationTarget.Workspace);
      const outside = await waitFor(async () => {
        const answer = await statsSnapshot(api).catch(() => undefined);
        return answer?.banner === '' && serviceNames(answer).includes('outside-only') ? answer : undefined;
      }, 'the view to list the service of ../outside/compose.yaml', 60_000);
      assert.deepEqual(serviceNames(outside), ['outside-only']);
    });
  });
}
