import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { demoFile, stevedore, waitFor } from './helpers';

export default function register(): void {
  describe('foundation: Stevedore in a real VS Code', () => {
    let api: StevedoreApi;

    it('activates when a Dockerfile is opened', async () => {
      const document = await vscode.workspace.openTextDocument(demoFile('Dockerfile'));
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, 'dockerfile');
      api = await stevedore();
      assert.ok(vscode.extensions.getExtension('stevedore-dev.stevedore')?.isActive);
    });

    it('associates Containerfile and Dockerfile.* with the dockerfile language', async () => {
      for (const name of ['Containerfile', 'Dockerfile.prod', 'api.Dockerfile']) {
        const document = await vscode.workspace.openTextDocument(demoFile(name));
        assert.equal(document.languageId, 'dockerfile', name);
      }
    });

    it('registers "Stevedore: Analyze image" in the command palette', async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('stevedore.analyzeImage'));
      const manifest = vscode.extensions.getExtension('stevedore-dev.stevedore')?.packageJSON as {
        contributes: { commands: Array<{ command: string; title: string; category: string }> };
      };
      const entry = manifest.contributes.commands.find((c) => c.command === 'stevedore.analyzeImage');
      assert.equal(`${entry?.category}: ${entry?.title}`, 'Stevedore: Analyze image');
    });

    it('resolves the Container stats view and its webview answers a message', async () => {
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(() => api.webviews.get('stats'), 'the stats webview to resolve');
      const pong = await waitFor(async () => {
        const answer = await api.webviews.ping('stats', 3000).catch(() => undefined);
        return answer?.rendered ? answer : undefined;
      }, 'the stats webview to answer a ping after rendering');
      assert.equal(pong.view, 'stats');
      assert.equal(pong.rendered, true);
    });
  });
}
