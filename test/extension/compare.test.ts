// Extension tests for comparing images in a real VS Code with the real Docker engine: "Build and
// compare" on the demo's wasteful Dockerfile after a fix (unsaved in the editor) shows the reclaimed
// bytes, and "Compare images" with two images shows the engine's own comparison.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { compareImages } from '../../src/image';
import { type CompareSnapshot, parseCompareFromWebview } from '../../src/shared/protocol/compare';
import { humanizeBytes, signedBytes } from '../../src/shared/units';
import { busyboxPath, dockerCli, requireDocker } from '../support/docker';
import { demoFile, stevedore, waitFor } from './helpers';

const PREFIX = 'stevedore-test-compare-ext-';

/** The demo's wasteful Dockerfile with its waste fixed: one RUN writes the final files, chmod included. */
const FIXED = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /app \\
    && dd if=/dev/urandom of=/app/model.bin bs=1024 count=3072 \\
    && echo "v2" > /app/VERSION \\
    && chmod -R 600 /app
CMD ["sh"]
`;

function snapshot(webview: vscode.Webview, timeoutMs = 5000): Promise<CompareSnapshot> {
  const id = Math.floor(Math.random() * 1_000_000);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`The compare page did not answer a snapshot request within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseCompareFromWebview(raw);
      if (message?.type !== 'compare/snapshot' || message.id !== id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(message.snapshot);
    });
    void webview.postMessage({ type: 'compare/snapshotRequest', id });
  });
}

/** The compare panel's snapshot once it shows a comparison whose B label includes `labelB`. */
async function shownComparison(api: StevedoreApi, labelB: string): Promise<CompareSnapshot> {
  return waitFor(
    async () => {
      const webview = api.webviews.get('compare');
      if (!webview) return undefined;
      const shown = await snapshot(webview, 3000).catch(() => undefined);
      return shown?.status === 'shown' && shown.labelB.includes(labelB) ? shown : undefined;
    },
    `the compare panel to show a comparison with ${labelB}`,
    60_000,
  );
}

const idOf = async (image: string): Promise<string> => (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', image])).trim();

export default function register(): void {
  describe('compare: Build and compare in a real VS Code', function () {
    this.timeout(240_000);
    const tag = `${PREFIX}wasteful:latest`;
    let docker: Docker;
    let api: StevedoreApi;
    let folder: string | undefined;
    const images = new Set<string>();
    const restore: Array<() => Thenable<void>> = [];

    before(async function () {
      docker = await requireDocker(this);
      api = await stevedore();
    });

    after(async () => {
      for (const undo of restore) await undo();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const image of images) await dockerCli(['rmi', '-f', image]).catch(() => undefined);
      await dockerCli(['rmi', '-f', tag]).catch(() => undefined);
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('builds the fixed (unsaved) text and shows the bytes reclaimed against the last build', async () => {
      folder = mkdtempSync(join(tmpdir(), `${PREFIX}ctx-`));
      copyFileSync(busyboxPath(), join(folder, 'busybox'));
      const original = readFileSync(demoFile('wasteful', 'Dockerfile').fsPath, 'utf8');
      const dockerfile = join(folder, 'Dockerfile');
      writeFileSync(dockerfile, original);
      const uri = vscode.Uri.file(dockerfile);
      await vscode.window.showTextDocument(uri);
      // The first build, by Stevedore: remembered as the last image built from this Dockerfile.
      await vscode.commands.executeCommand('stevedore.buildAndAnalyze', uri, { tag, network: 'none' });
      const firstId = await idOf(tag);
      images.add(firstId);

      // The fix, left unsaved (auto save off for this test): Build and compare builds what the editor shows.
      const files = vscode.workspace.getConfiguration('files');
      const autoSave = files.inspect<string>('autoSave')?.globalValue;
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      restore.push(() => files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global));
      const document = await vscode.workspace.openTextDocument(uri);
      const fix = new vscode.WorkspaceEdit();
      fix.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), FIXED);
      assert.ok(await vscode.workspace.applyEdit(fix));
      assert.ok(document.isDirty);
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('stevedore.buildAndCompare', uri, { tag, network: 'none' });
      const secondId = await idOf(tag);
      images.add(secondId);
      assert.notEqual(secondId, firstId);
      assert.equal(readFileSync(dockerfile, 'utf8'), original, 'the file on disk is untouched');

      const shown = await shownComparison(api, tag);
      // By hand: the 6 MiB download deleted later, the 3 MiB model copied again by chmod, VERSION
      // written three times (3 bytes each): all reclaimable before, nothing after.
      const reclaimedBytes = 6144 * 1024 + 3072 * 1024 + 3 + 3;
      const { result } = await compareImages({ kind: 'engine', docker, image: firstId }, { kind: 'engine', docker, image: secondId });
      const engine = result.comparison();
      assert.equal(engine.a.reclaimableBytes, reclaimedBytes);
      assert.equal(engine.b.reclaimableBytes, 0);
      assert.equal(engine.sizeDeltaBytes, -reclaimedBytes);
      assert.deepEqual(shown.totals['Reclaimable bytes'], [humanizeBytes(reclaimedBytes), '0 B', signedBytes(-reclaimedBytes)]);
      assert.deepEqual(shown.totals['Total size'], [humanizeBytes(engine.a.sizeBytes), humanizeBytes(engine.b.sizeBytes), signedBytes(-reclaimedBytes)]);
      assert.match(shown.summary, /^−9\.4 MB, efficiency \d+\.\d% → 100\.0%, reclaimable 9\.4 MB → 0 B$/);
      assert.match(shown.labelA, /previous build/);
      assert.equal(shown.layerRows, engine.layers.length);
      // The fixed image no longer has /opt/cache; model.bin and VERSION are new files (other random bytes).
      assert.ok(shown.paths.includes('opt/cache') || shown.paths.includes('opt'), `paths shown: ${shown.paths.join(', ')}`);
      assert.ok(shown.paths.includes('app/model.bin'));
    });

    it('compares two images given to "Stevedore: Compare images" with the engine\'s figures', async () => {
      assert.equal(images.size, 2, 'the first test built two images');
      const [first, second] = [...images];
      await vscode.commands.executeCommand('stevedore.compareImages', first, second);
      const shown = await shownComparison(api, second);
      const { result } = await compareImages({ kind: 'engine', docker, image: first }, { kind: 'engine', docker, image: second });
      const engine = result.comparison();
      assert.deepEqual(shown.totals['Paths'], [engine.a.fileCount.toLocaleString('en-US'), engine.b.fileCount.toLocaleString('en-US'), engine.fileCountDelta > 0 ? `+${engine.fileCountDelta}` : engine.fileCountDelta < 0 ? `−${-engine.fileCountDelta}` : '0']);
      assert.equal(shown.changeRows, Math.min(engine.changes.length, 300));
    });
  });
}
