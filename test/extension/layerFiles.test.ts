// Files from a layer in a real VS Code with the real Docker engine: an image is built here, analysed
// by the command, and files of its layers are opened through the commands the tree's context menu
// runs: a text file opens read-only in an editor tab, a file the layer changed opens in the diff
// editor against the layer before, a binary shows a size and hex summary.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { requireDocker } from '../support/docker';
import { buildImage, removeImage } from '../integration/image/support';
import { renderedSnapshot } from './analyze.test';
import { stevedore, waitFor } from './helpers';

const TAG = 'stevedore-test-layerfiles-ext:1';

export default function register(): void {
  describe('layerfiles: files from a layer open in editors', function () {
    this.timeout(180_000);
    let last = 0;

    before(async function () {
      await requireDocker(this);
      await buildImage(
        TAG,
        'COPY blob.bin /app/blob.bin\n'
          + 'RUN echo one > /app/notes.txt && echo "added here" > /app/added.txt\n'
          + 'RUN echo two >> /app/notes.txt\n',
        { 'blob.bin': randomBytes(4096) },
      );
      const api = await stevedore();
      await vscode.commands.executeCommand('stevedore.analyzeImage', TAG);
      const shown = await renderedSnapshot(api, TAG);
      last = shown.layerRows - 1;
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await removeImage(TAG);
    });

    it('opens a file the layer added read-only in an editor tab, with its content', async () => {
      void vscode.commands.executeCommand('stevedore.analyze.openFile', { layer: last - 1, scope: 'layer', path: 'app/added.txt' });
      const editor = await waitFor(
        () => (vscode.window.activeTextEditor?.document.uri.scheme === 'stevedore-layer' ? vscode.window.activeTextEditor : undefined),
        'an editor on a stevedore-layer: document',
      );
      assert.equal(editor.document.uri.path, '/app/added.txt');
      assert.equal(editor.document.getText(), 'added here\n');
      assert.equal(vscode.workspace.fs.isWritableFileSystem('stevedore-layer'), false, 'a read-only file system');
    });

    it('opens a file the layer changed in the diff editor, the layer before on the left', async () => {
      void vscode.commands.executeCommand('stevedore.analyze.openFile', { layer: last, scope: 'layer', path: 'app/notes.txt' });
      const input = await waitFor(() => {
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        return tab?.input instanceof vscode.TabInputTextDiff ? { input: tab.input, label: tab.label } : undefined;
      }, 'a diff editor tab');
      assert.equal(input.label, `notes.txt (layer ${last - 1} ↔ layer ${last})`);
      const before = await vscode.workspace.openTextDocument(input.input.original);
      const after = await vscode.workspace.openTextDocument(input.input.modified);
      assert.equal(before.getText(), 'one\n');
      assert.equal(after.getText(), 'one\ntwo\n');
    });

    it('shows a binary file as its size and a hex dump', async () => {
      void vscode.commands.executeCommand('stevedore.analyze.openFile', { layer: last, scope: 'aggregate', path: 'app/blob.bin' });
      const editor = await waitFor(
        () => (vscode.window.activeTextEditor?.document.uri.path === '/app/blob.bin' ? vscode.window.activeTextEditor : undefined),
        'an editor on /app/blob.bin',
      );
      const text = editor.document.getText();
      assert.match(text, /A binary file of 4\.1 kB \(4,096 bytes\)/);
      assert.match(text, /^00000000 {2}[0-9a-f]{2} /m);
    });
  });
}
