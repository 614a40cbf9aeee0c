// Comparing two images in VS Code: "Compare with…" from the Analyze panel, "Stevedore: Compare
// images", and "Build and compare" on a Dockerfile (the current text built, then compared with the
// image Stevedore last built from that Dockerfile, or a chosen one). The image engine does the work
// (compareImages, the same as `stevedore diff`); this file picks, shows progress and opens the panel.
import * as vscode from 'vscode';
import { connectDocker } from '../../docker/connection';
import {
  compareImages, type ComparedImages, comparisonJson, comparisonSummary, type ImageSource, isImageSourceError,
} from '../../image';
import type { CompareView } from '../../shared/protocol/compare';
import { humanizeBytes, signedBytes } from '../../shared/units';
import type { FeatureHost } from '../host';
import { type BuildOptions, buildImage } from './build';
import { ComparePanel } from './comparePanel';
import { lastBuildOf } from './lastBuild';
import { type OpenableImage, openImageFileDiff } from './layerFiles';
import { type ImageTarget, pickImage, targetFromArgument, targetLabel } from './pickImage';
import type { ImageSession } from './session';

const dockerHostSetting = (): string => vscode.workspace.getConfiguration('stevedore').get<string>('dockerHost', '');

/** The most changes sent to the page (largest first); the rest are counted. */
const maxListedChanges = (): number => {
  const value = vscode.workspace.getConfiguration('stevedore.compare').get<number>('maxListedChanges', 20_000);
  return Number.isSafeInteger(value) && value > 0 ? value : 20_000;
};

/** One side of a comparison: an image already analysed (the Analyze panel's), or one to read. */
interface Side {
  target: ImageTarget;
  /** How the panel names it ("app:1 (previous build)"). */
  label: string;
  session?: ImageSession;
}

async function sourceOf(target: ImageTarget): Promise<ImageSource> {
  if (target.kind !== 'engine') return { kind: target.kind, path: target.path };
  return { kind: 'engine', docker: (await connectDocker({ setting: dockerHostSetting() })).docker, image: target.reference };
}

/** Compare A with B in the comparison panel, with progress (cancellable, and closing the panel cancels). */
export async function runComparison(host: FeatureHost, a: Side, b: Side): Promise<ComparedImages | undefined> {
  const key = `${a.target.kind}:${targetLabel(a.target)}→${b.target.kind}:${targetLabel(b.target)}`;
  const panel = ComparePanel.show(host, key, `Compare ${a.label} → ${b.label}`);
  const controller = new AbortController();
  try {
    let sources: { a: ImageSource; b: ImageSource } | undefined;
    const compared = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing ${a.label} with ${b.label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const closed = panel.panel.onDidDispose(() => controller.abort());
        const first = a.session ? `Reading ${b.label}…` : `Reading ${a.label}…`;
        progress.report({ message: first });
        panel.showProgress(first);
        try {
          sources = { a: a.session?.source ?? (await sourceOf(a.target)), b: await sourceOf(b.target) };
          return await compareImages(a.session ?? sources.a, sources.b, {
            signal: controller.signal,
            onProgress: (report) => {
              const side = report.side === 'a' ? a.label : b.label;
              const total = report.layersTotal !== undefined ? ` of ${report.layersTotal}` : '';
              const message = `${side}: layer ${report.layersDone}${total} read, ${humanizeBytes(report.bytesRead)}`;
              progress.report({ message });
              panel.showProgress(message);
            },
          });
        } finally {
          closed.dispose();
        }
      },
    );
    if (panel.isDisposed || !sources) return undefined;
    // Held by the panel's actions while it is open (the file system keeps only weak references).
    const openable = {
      a: a.session ?? { source: sources.a, contents: compared.before.contents, label: a.label },
      b: { source: sources.b, contents: compared.after.contents, label: b.label },
    };
    showComparison(host, panel, compared, openable);
    return compared;
  } catch (error) {
    if (controller.signal.aborted || (isImageSourceError(error) && error.code === 'cancelled')) {
      host.log.info(`Comparison of ${a.label} with ${b.label} cancelled`);
      panel.dispose();
      return undefined;
    }
    const message = error instanceof Error ? error.message : String(error);
    host.log.error(`Compare ${a.label} with ${b.label}: ${message}`);
    panel.showError(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

function showComparison(
  host: FeatureHost,
  panel: ComparePanel,
  compared: ComparedImages,
  images: { a: OpenableImage; b: OpenableImage },
): void {
  const labelA = images.a.label;
  const labelB = images.b.label;
  const comparison = compared.result.comparison();
  const largest = [...comparison.changes]
    .sort((x, y) => Math.abs(y.sizeDeltaBytes) - Math.abs(x.sizeDeltaBytes))
    .slice(0, maxListedChanges());
  const view: CompareView = {
    comparison: { ...comparison, changes: largest },
    labelA,
    labelB,
    summary: comparisonSummary(comparison),
    changesTotal: comparison.changes.length,
    canOpenDiff: true,
  };
  panel.showComparison(view, {
    openDiff: (path) => openImageFileDiff(host, { image: images.a }, { image: images.b }, path),
    exportJson: async () => {
      const name = `${labelA}-vs-${labelB}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'comparison';
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        title: 'Export the comparison as JSON (what `stevedore diff --format json` prints)',
        saveLabel: 'Export',
        filters: { JSON: ['json'] },
        defaultUri: folder ? vscode.Uri.joinPath(folder, `${name}.diff.json`) : undefined,
      });
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(comparisonJson(comparison), 'utf8'));
      void vscode.window.showInformationMessage(`Saved the comparison to ${vscode.workspace.asRelativePath(uri)}.`);
    },
  });
  host.log.info(
    `Compared ${labelA} with ${labelB}: ${view.summary}; ${comparison.changes.length} changed paths, ` +
    `final filesystem ${signedBytes(comparison.visibleDeltaBytes)}`,
  );
}

/** "Compare with…" in the Analyze panel: the panel's image is A, the one picked is B. */
export async function compareWith(host: FeatureHost, session: ImageSession): Promise<void> {
  const label = session.analysis.image || targetLabel(session.target);
  const target = await pickImage(dockerHostSetting(), `Stevedore: Compare ${label} with…`);
  if (!target) return;
  await runComparison(host, { target: session.target, label, session }, { target, label: targetLabel(target) });
}

/** "Stevedore: Compare images": A and B from the arguments (image names, archive Uris), else picked. */
export async function compareImagesCommand(host: FeatureHost, first?: unknown, second?: unknown): Promise<void> {
  const a = (await targetFromArgument(first)) ?? (await pickImage(dockerHostSetting(), 'Stevedore: Compare images: the image before (A)'));
  if (!a) return;
  const b = (await targetFromArgument(second)) ?? (await pickImage(dockerHostSetting(), `Stevedore: Compare ${targetLabel(a)} with… (B)`));
  if (!b) return;
  await runComparison(host, { target: a, label: targetLabel(a) }, { target: b, label: targetLabel(b) });
}

/** For other commands and tests: build options, and `against`, an image to compare with instead of the last build. */
export interface BuildAndCompareOptions extends BuildOptions {
  against?: string;
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\/:@-]{0,255}$/;

/** Whether the engine still has an image (a previous build may have been pruned). */
async function imageExists(reference: string): Promise<boolean> {
  try {
    const { docker } = await connectDocker({ setting: dockerHostSetting() });
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * "Build and compare": build the Dockerfile's current text (unsaved edits included) and compare the
 * new image with the last one Stevedore built from it, or with `against`, or with one the user picks.
 */
export async function buildAndCompare(host: FeatureHost, dockerfile?: unknown, rawOptions?: unknown): Promise<void> {
  const given = (rawOptions ?? {}) as Record<string, unknown>;
  const options: BuildOptions = {};
  if (typeof given.tag === 'string' && /^[a-z0-9][a-z0-9._\/-]{0,200}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/.test(given.tag)) options.tag = given.tag;
  if (typeof given.network === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(given.network)) options.network = given.network;
  const against = typeof given.against === 'string' && REFERENCE.test(given.against) ? given.against : undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Build and compare is disabled in untrusted workspaces: building runs the Dockerfile. Trust this workspace (Workspaces: Manage Workspace Trust) to build.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const uri = dockerfile instanceof vscode.Uri ? dockerfile : editor?.document.languageId === 'dockerfile' ? editor.document.uri : undefined;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Build and compare needs a Dockerfile saved on disk: open one and run the command again.');
    return;
  }
  const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
  const name = vscode.workspace.asRelativePath(uri);

  // What to compare with, decided before building: the build moves the tag.
  let before: Side | undefined;
  if (against) {
    before = { target: { kind: 'engine', reference: against }, label: against };
  } else {
    const last = lastBuildOf(host.context.workspaceState, uri.fsPath);
    if (last && (await imageExists(last.id))) {
      before = { target: { kind: 'engine', reference: last.id }, label: `${last.tag} (previous build, ${last.id.slice(7, 19)})` };
    } else {
      if (last) void vscode.window.showWarningMessage(`The image last built from ${name} (${last.id.slice(7, 19)}) is no longer in the Docker engine: pick one to compare with.`);
      const picked = await pickImage(dockerHostSetting(), `Build and compare ${name}: compare the new build with…`);
      if (!picked) return;
      before = { target: picked, label: targetLabel(picked) };
    }
  }
  const dockerfileText = document?.getText();
  const tag = await buildImage(host, uri.fsPath, dockerHostSetting(), { ...options, dockerfileText });
  if (!tag) return;
  const built = lastBuildOf(host.context.workspaceState, uri.fsPath);
  const after: Side = built && built.tag === tag
    ? { target: { kind: 'engine', reference: built.id }, label: `${tag} (new build, ${built.id.slice(7, 19)})` }
    : { target: { kind: 'engine', reference: tag }, label: `${tag} (new build)` };
  await runComparison(host, before, after);
}
