// The packaged .vsix installed into a real VS Code the way users install it (scripts/test-extension.mjs's
// vsix run: `code-server --install-extension stevedore.vsix`, the tests beside it from a stub
// development extension), so what answers here is the production bundle, not the repository.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, demoFile, driver, stevedore, waitFor } from './helpers';

const DOCKERFILE = 'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nWORKDIR app\nCMD node server.js\n';

export default function register(): void {
  describe('vsix: the packaged extension installed into a real VS Code', function () {
    this.timeout(120_000);

    it('is the installed package from the extensions folder, holding the bundles and not the sources', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      const extensionsDir = process.env.STEVEDORE_VSIX_EXTENSIONS_DIR;
      assert.ok(extensionsDir, 'the vsix run names its extensions folder');
      const inside = relative(extensionsDir, extension.extensionPath);
      assert.ok(!inside.startsWith('..') && inside !== '', `${extension.extensionPath} is not under ${extensionsDir}`);
      assert.ok(existsSync(join(extension.extensionPath, 'dist', 'extension.js')));
      assert.ok(!existsSync(join(extension.extensionPath, 'src')), 'the sources are not packaged');
      assert.ok(!existsSync(join(extension.extensionPath, 'node_modules')), 'dependencies are bundled');
      await stevedore();
      assert.equal(extension.isActive, true);
    });

    it('opening a Dockerfile shows its findings at their lines and columns', async () => {
      const uri = demoFile('vsix-probe.Dockerfile');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(DOCKERFILE));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const found = await waitFor(() => {
        const codes = vscode.languages.getDiagnostics(uri).map((diagnostic) => {
          const code = typeof diagnostic.code === 'object' && diagnostic.code !== null ? diagnostic.code.value : diagnostic.code;
          return `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${String(code).split(' / ')[0]}`;
        });
        return codes.includes('3:9 DL3000') && codes.includes('1:6 DL3006') ? codes : undefined;
      }, 'DL3000 and DL3006 on the opened Dockerfile', 45_000);
      assert.ok(found.some((entry) => / DL3008$/.test(entry)), found.join(', '));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('registers the Getting Started walkthrough, which opens on its steps', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs: Array<{ id: string; title: string; steps: Array<{ title: string }> }> } }).contributes.walkthroughs;
      assert.equal(walkthroughs.length, 1);
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthroughs[0].id}`, false);
      // What the user sees: the walkthrough page with its first step, drawn by the workbench.
      await driver({ action: 'waitForText', text: walkthroughs[0].steps[0].title });
    });
  });
}
