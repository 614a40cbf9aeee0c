// Extension tests for "Stevedore: Analyze image" and "Build and analyze", in a real VS Code with the
// real Docker engine: images are built here (FROM scratch + busybox), analysed by the command, and
// what the panel renders (read back from its DOM) is compared with the engine's own analysis.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { analyzeImage } from '../../src/image';
import { type AnalyzeSnapshot, parseAnalyzeFromWebview } from '../../src/shared/protocol/analyze';
import { BUSYBOX_PREAMBLE, busyboxPath, dockerCli, requireDocker } from '../support/docker';
import { imagePickItems } from '../../src/vscode/image/pickImage';
import { stevedore, waitFor } from './helpers';

const PREFIX = 'stevedore-t-imgui-';

/**
 * Build FROM scratch + busybox with the engine. `--network none`: the RUN steps need no network,
 * and the test then does not depend on the host's default bridge being there.
 */
async function buildImage(tag: string, body: string): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), `${PREFIX}build-`));
  try {
    copyFileSync(busyboxPath(), join(context, 'busybox'));
    writeFileSync(join(context, 'Dockerfile'), BUSYBOX_PREAMBLE + body);
    await dockerCli(['build', '--network', 'none', '-q', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Ask the page what it shows: figures and row counts read from its DOM (a validated message). */
function snapshot(webview: vscode.Webview, timeoutMs = 5000): Promise<AnalyzeSnapshot> {
  const id = Math.floor(Math.random() * 1_000_000);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`The analyze page did not answer a snapshot request within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseAnalyzeFromWebview(raw);
      if (message?.type !== 'analyze/snapshot' || message.id !== id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(message.snapshot);
    });
    void webview.postMessage({ type: 'analyze/snapshotRequest', id });
  });
}

/** The snapshot of the analyze panel in front, once it shows `image` with its tree drawn. */
export async function renderedSnapshot(api: StevedoreApi, image: string): Promise<AnalyzeSnapshot> {
  return waitFor(
    async () => {
      const webview = api.webviews.get('analyze');
      if (!webview) return undefined;
      const shown = await snapshot(webview, 3000).catch(() => undefined);
      return shown && shown.image === image && shown.treeRowsRendered > 0 ? shown : undefined;
    },
    `the analyze panel to show ${image} with its file tree`,
    60_000,
  );
}

export default function register(): void {
  describe('analyze: Analyze image in a real VS Code', function () {
    this.timeout(180_000);
    const tag = `${PREFIX}ext:1`;
    const builtTag = `${PREFIX}built:1`;
    let docker: Docker;
    let api: StevedoreApi;
    let contextFolder: string | undefined;

    before(async function () {
      docker = await requireDocker(this);
      // Known content: a file added, overwritten, chmod'ed and deleted across layers.
      await buildImage(
        tag,
        'RUN mkdir -p /app && head -c 50000 /dev/zero > /app/data.bin && echo one > /app/notes.txt\n' +
          'RUN head -c 80000 /dev/zero > /app/data.bin && chmod 600 /app/notes.txt\n' +
          "RUN rm /app/notes.txt && touch '/app/<img src=x onerror=alert(1)>'\n",
      );
      api = await stevedore();
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const image of [tag, builtTag]) await dockerCli(['rmi', '-f', image]).catch(() => undefined);
      if (contextFolder) rmSync(contextFolder, { recursive: true, force: true });
    });

    it('analyses an image named as the argument and the panel shows its layers and the engine figures', async () => {
      await vscode.commands.executeCommand('stevedore.analyzeImage', tag);
      const shown = await renderedSnapshot(api, tag);
      const { analysis } = await analyzeImage({ kind: 'engine', docker, image: tag });
      assert.equal(shown.layerRows, analysis.layers.length);
      assert.equal(shown.layerRows, 5, 'busybox copy, --install, and three RUN layers');
      assert.equal(shown.sizeBytes, analysis.sizeBytes);
      assert.equal(shown.efficiencyScore, analysis.efficiencyScore);
      assert.equal(shown.wastedBytes, analysis.wastedBytes);
      assert.equal(shown.reclaimableBytes, analysis.reclaimableBytes);
      assert.ok(analysis.reclaimableBytes >= 50_000, 'the overwritten 50 kB copy is reclaimable');
      assert.equal(shown.wastedRows, Math.min(8, analysis.wasted.length));
      assert.ok(shown.treeRowsRendered <= shown.treeRowsTotal);
    });

    it('shows the open panel again for the same image instead of analysing it twice', async () => {
      const before = api.webviews.get('analyze');
      await vscode.commands.executeCommand('stevedore.analyzeImage', tag);
      assert.equal(api.webviews.get('analyze'), before);
      const shown = await renderedSnapshot(api, tag);
      assert.equal(shown.image, tag);
    });

    it('draws the panel again after it was hidden (the page is not kept alive meanwhile)', async () => {
      const first = await renderedSnapshot(api, tag);
      const document = await vscode.workspace.openTextDocument({ content: 'hide the panel', language: 'plaintext' });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: false });
      await vscode.commands.executeCommand('stevedore.analyzeImage', tag);
      const again = await renderedSnapshot(api, tag);
      assert.equal(again.layerRows, first.layerRows);
      assert.equal(again.selectedLayer, first.selectedLayer);
      assert.equal(again.reclaimableBytes, first.reclaimableBytes);
    });

    it('offers local images by name:tag with size and age, untagged ones by short ID, and the archive options', async () => {
      // Building the same tag twice leaves the first image untagged (dangling).
      const dangling = `${PREFIX}dangling:1`;
      await buildImage(dangling, 'RUN echo first > /x\n');
      const firstId = (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', dangling])).trim();
      await buildImage(dangling, 'RUN echo second > /x\n');
      try {
        const { items } = await imagePickItems('');
        const item = items.find((candidate) => candidate.label.endsWith(` ${tag}`));
        assert.ok(item, `${tag} is offered`);
        assert.match(item.description ?? '', /\d+(\.\d)? [kMG]?B · (just now|\d+ \w+ ago) · [0-9a-f]{12}/);
        const untagged = items.find((candidate) => candidate.target?.kind === 'engine' && candidate.target.reference === firstId);
        assert.ok(untagged, 'the dangling image is offered');
        assert.ok(untagged.label.endsWith(firstId.replace('sha256:', '').slice(0, 12)));
        assert.match(untagged.description ?? '', /untagged/);
        assert.ok(items.some((candidate) => candidate.action === 'archive'));
        assert.ok(items.some((candidate) => candidate.action === 'folder'));
      } finally {
        await dockerCli(['rmi', '-f', dangling, firstId]).catch(() => undefined);
      }
    });

    it('analyses a docker save archive given as a Uri, with the same figures as the engine image', async () => {
      const folder = mkdtempSync(join(tmpdir(), `${PREFIX}archive-`));
      const archive = join(folder, 'image.tar');
      try {
        await dockerCli(['save', '-o', archive, tag]);
        const enginePanel = api.webviews.get('analyze');
        await vscode.commands.executeCommand('stevedore.analyzeImage', vscode.Uri.file(archive));
        // A panel of its own (the archive is another source than the engine image).
        const shown = await waitFor(
          async () => {
            const webview = api.webviews.get('analyze');
            const answer = webview && webview !== enginePanel && (await snapshot(webview, 3000).catch(() => undefined));
            return answer && answer.status === 'shown' && answer.treeRowsRendered > 0 ? answer : undefined;
          },
          'the archive analysis to show',
          60_000,
        );
        const { analysis } = await analyzeImage({ kind: 'engine', docker, image: tag });
        assert.equal(shown.layerRows, analysis.layers.length);
        assert.equal(shown.sizeBytes, analysis.sizeBytes);
        assert.equal(shown.reclaimableBytes, analysis.reclaimableBytes);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('still offers the archive options when the engine cannot be reached, saying which host was tried and what to do', async () => {
      const host = `unix:///tmp/${PREFIX}no-engine.sock`;
      const { items, placeholder } = await imagePickItems(host);
      assert.match(items[0].label, /not reachable/);
      assert.ok(items[0].detail?.includes(host), items[0].detail);
      assert.match(items[0].detail ?? '', /stevedore\.dockerHost/);
      assert.ok(items.some((candidate) => candidate.action === 'archive'));
      assert.match(placeholder, /archive/);
    });

    it('reports an image the engine does not have, naming it, without leaving a panel spinning', async () => {
      const missing = `${PREFIX}missing:404`;
      await vscode.commands.executeCommand('stevedore.analyzeImage', missing);
      const shown = await waitFor(
        async () => {
          const webview = api.webviews.get('analyze');
          const answer = webview && (await snapshot(webview, 3000).catch(() => undefined));
          return answer?.status === 'error' ? answer : undefined;
        },
        'the analyze panel to show the error',
      );
      assert.ok(shown.message.includes(missing), `the error names the image: ${shown.message}`);
      assert.equal(shown.layerRows, 0);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('analyses again when the image under the same name was rebuilt since', async () => {
      await vscode.commands.executeCommand('stevedore.analyzeImage', tag);
      const before = await renderedSnapshot(api, tag);
      const oldId = (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
      await buildImage(tag, 'RUN echo rebuilt > /rebuilt.txt\nRUN rm /rebuilt.txt\n');
      await dockerCli(['rmi', oldId]).catch(() => undefined); // left untagged by the rebuild
      await vscode.commands.executeCommand('stevedore.analyzeImage', tag);
      const after = await waitFor(
        async () => {
          const shown = await renderedSnapshot(api, tag);
          return shown.sizeBytes !== before.sizeBytes || shown.layerRows !== before.layerRows ? shown : undefined;
        },
        'the panel to show the rebuilt image',
      );
      const { analysis } = await analyzeImage({ kind: 'engine', docker, image: tag });
      assert.equal(after.layerRows, analysis.layers.length);
      assert.equal(after.sizeBytes, analysis.sizeBytes);
    });

    it('builds a Dockerfile with the engine and analyses the result, linking layers to their lines', async () => {
      contextFolder = mkdtempSync(join(tmpdir(), `${PREFIX}ctx-`));
      copyFileSync(busyboxPath(), join(contextFolder, 'busybox'));
      writeFileSync(join(contextFolder, 'kept.txt'), 'kept\n');
      writeFileSync(join(contextFolder, 'secret.env'), 'TOKEN=do-not-send\n');
      writeFileSync(join(contextFolder, '.dockerignore'), 'secret.env\n');
      const dockerfile = join(contextFolder, 'Dockerfile');
      writeFileSync(dockerfile, `${BUSYBOX_PREAMBLE}COPY . /ctx/\nRUN ls /ctx > /listing.txt\n`);
      await vscode.commands.executeCommand('stevedore.buildAndAnalyze', vscode.Uri.file(dockerfile), { tag: builtTag, network: 'none' });
      const shown = await renderedSnapshot(api, builtTag);
      const { analysis } = await analyzeImage({ kind: 'engine', docker, image: builtTag });
      assert.equal(shown.layerRows, analysis.layers.length);
      assert.equal(shown.sizeBytes, analysis.sizeBytes);
      assert.ok(shown.linkedLayers >= 3, `COPY busybox, COPY . and RUN ls link to their lines (${shown.linkedLayers} did)`);
      const listing = await dockerCli(['run', '--rm', '--network', 'none', builtTag, 'cat', '/listing.txt']);
      assert.match(listing, /kept\.txt/);
      assert.doesNotMatch(listing, /secret\.env/, '.dockerignore kept secret.env out of the context');
    });
  });
}
