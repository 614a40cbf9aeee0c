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
      console.log(`      activation took ${api.activationMs.toFixed(1)} ms`);
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

    it('serves the webview under a strict CSP with a nonce and no remote resources', () => {
      const webview = api.webviews.get('stats');
      assert.ok(webview);
      const html = webview.html;
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
      assert.match(csp, /default-src 'none'/);
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce && nonce.length >= 16, 'a script nonce of at least 16 characters');
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!\S*vscode)/);
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.ok(scripts.length > 0);
      for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `every script carries the nonce: ${tag}`);
      // Every resource is served by VS Code from the extension's own folder (dist/ or media/).
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
        assert.ok(url.startsWith(webview.cspSource.split(' ')[0]) || url.includes('vscode-resource') || url.includes('vscode-cdn'), `local resource: ${url}`);
        assert.match(url, /\/(dist|media)\//, `under dist/ or media/: ${url}`);
      }
    });
  });
}
