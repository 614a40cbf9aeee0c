// "Stevedore: Analyze image" and "Build and analyze": pick or build an image, read it with the
// image engine (progress per layer, cancellable), and show it in the Analyze panel.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { connectDocker } from '../../docker/connection';
import {
  ciReport, type CiRuleKey, evaluateCi, type FileNode, type ImageAnalysis, isImageSourceError, mapLayersToDockerfile,
  hostPlatformName, largestImageFiles, MAX_DIVE_CI_BYTES, parseDiveCiFile,
} from '../../image';
import { isImagePath, isTreeScope, parseRestoreTarget, type TreeScope } from '../../shared/protocol/analyze';
import { isIndex, isRecord } from '../../shared/protocol/common';
import { humanizeBytes } from '../../shared/units';
import type { FeatureHost, ImageFeature } from '../host';
import { type BuildOptions, buildImage } from './build';
import { buildAndCompare, compareImagesCommand, compareWith } from './compare';
import { openLayerFile, saveLayerPath } from './layerFiles';
import { AnalyzePanel, type PanelActions } from './panel';
import { type ImageTarget, pickImage, restoreTargetOf, targetFromArgument, targetFromRestore, targetLabel } from './pickImage';
import { analyzeTarget, exportDocument, type ImageSession } from './session';
import { taskTerminal } from '../taskTerminal';
import type { StevedoreTaskDefinition } from '../tasks';

/** What `stevedore lint` reads of a Dockerfile at most (kept here: the linter stays out of this bundle). */
const MAX_DOCKERFILE_BYTES = 1.5 * 1024 * 1024;

/** How many of the largest files the panel lists for a pattern (the rest are counted). */
const LARGEST_LISTED = 200;

const dockerHostSetting = (): string => vscode.workspace.getConfiguration('stevedore').get<string>('dockerHost', '');

/** What the image bundle exports to the activation path. */
export interface ImageCommands extends ImageFeature {
  buildAndAnalyze(host: FeatureHost, dockerfile?: unknown, options?: BuildOptions): Promise<void>;
}

const actions: PanelActions = {
  compareWith,
  openFile: (host, session, layerIndex, _scope, path) => openLayerFile(host, session, layerIndex, path),
  saveFile: (host, session, layerIndex, scope, path) => saveLayerPath(host, session, layerIndex, path, scope),
  largestFiles(session, glob) {
    try {
      return { glob, ...largestImageFiles(session.contents, { glob, limit: LARGEST_LISTED }) };
    } catch (error) {
      return { glob, files: [], matching: 0, matchingBytes: 0, error: `The pattern cannot be used: ${(error as Error).message}` };
    }
  },
  layerTree(session: ImageSession, layerIndex: number, scope: TreeScope): FileNode[] {
    return session.files.files(layerIndex, scope);
  },
  async exportJson(session: ImageSession): Promise<void> {
    const formats = [
      { label: 'Stevedore JSON', description: 'what `stevedore analyze --format json` prints', format: 'json' as const, suffix: 'analysis.json' },
      { label: 'dive JSON', description: 'what `dive --json` writes (`stevedore analyze --format dive-json`)', format: 'dive-json' as const, suffix: 'dive.json' },
    ];
    const chosen = await vscode.window.showQuickPick(formats, { title: `Export the analysis of ${session.analysis.image}`, placeHolder: 'Which document?' });
    if (!chosen) return;
    const name = session.analysis.image.replace(/[^A-Za-z0-9._-]+/g, '_') || 'image';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: `Export the analysis as ${chosen.label}`,
      saveLabel: 'Export',
      filters: { JSON: ['json'] },
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${name}.${chosen.suffix}`) : undefined,
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(exportDocument(session, chosen.format), 'utf8'));
    void vscode.window.showInformationMessage(`Saved the analysis of ${session.analysis.image} to ${vscode.workspace.asRelativePath(uri)}.`);
  },
  async openLayerSource(session: ImageSession, layerIndex: number): Promise<void> {
    const source = session.analysis.layers[layerIndex]?.source;
    if (!source) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = isAbsolute(source.file) || !folder
      ? vscode.Uri.file(source.file)
      : vscode.Uri.joinPath(folder, source.file);
    const line = Math.max(0, source.line - 1);
    await vscode.window.showTextDocument(uri, {
      selection: new vscode.Range(line, 0, line, 0), preview: true, viewColumn: vscode.ViewColumn.Beside,
    });
  },
};

/** Workspace Dockerfiles tried when the user did not say which one made the image. */
const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Containerfile.*}';
const MAX_DOCKERFILES = 30;

/**
 * Point each layer at the Dockerfile line that made it (the engine's matching): the built
 * Dockerfile when known, else the workspace Dockerfile that explains the most layers (two at least).
 */
async function linkLayersToDockerfile(session: ImageSession, dockerfile: vscode.Uri | undefined): Promise<void> {
  const candidates = dockerfile ? [dockerfile] : await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', MAX_DOCKERFILES);
  let best: { uri: vscode.Uri; text: string; linked: number } | undefined;
  for (const uri of candidates) {
    // A Dockerfile larger than the linter reads is no Dockerfile worth matching layers against.
    const size = await vscode.workspace.fs.stat(uri).then((found) => found.size, () => Infinity);
    if (size > MAX_DOCKERFILE_BYTES) continue;
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    // The engine writes `source` into the layers it is given: try on copies, apply the best once.
    const trial = mapLayersToDockerfile(
      { ...session.analysis, layers: session.analysis.layers.map((layer) => ({ ...layer, source: undefined })) },
      text,
      uri.fsPath,
    );
    const linked = trial.layers.filter((layer) => layer.source).length;
    if (!best || linked > best.linked) best = { uri, text, linked };
  }
  if (best && (dockerfile || best.linked >= 2)) mapLayersToDockerfile(session.analysis, best.text, best.uri.fsPath);
}

/**
 * dive's CI rules for the panel's verdict: the stevedore.analyze.* settings, overridden by a
 * `.dive-ci` file in the workspace folder (what `dive --ci` and `stevedore analyze --ci` read).
 */
async function ciVerdict(
  analysis: ImageAnalysis,
  folder: vscode.WorkspaceFolder | undefined = vscode.workspace.workspaceFolders?.[0],
): Promise<ReturnType<typeof evaluateCi> & { source: string }> {
  const settings = vscode.workspace.getConfiguration('stevedore.analyze', folder?.uri);
  const values: Record<CiRuleKey, string> = {
    lowestEfficiency: String(settings.get<number | string>('lowestEfficiency', 0.9)),
    highestWastedBytes: String(settings.get<string>('highestWastedBytes', 'disabled')),
    highestUserWastedPercent: String(settings.get<number | string>('highestUserWastedPercent', 0.1)),
  };
  let source = 'stevedore.analyze settings';
  if (folder) {
    const file = vscode.Uri.joinPath(folder.uri, '.dive-ci');
    const stat = await vscode.workspace.fs.stat(file).then((found) => found, () => undefined);
    // Checked before reading: a cloned repository's .dive-ci may be huge or not a file at all.
    const tooBig = stat !== undefined && (stat.type !== vscode.FileType.File || stat.size > MAX_DIVE_CI_BYTES);
    const text = stat === undefined || tooBig
      ? undefined
      : await vscode.workspace.fs.readFile(file).then((bytes) => Buffer.from(bytes).toString('utf8'), () => undefined);
    if (tooBig) {
      source = `stevedore.analyze settings (.dive-ci ignored: not a regular file of at most ${MAX_DIVE_CI_BYTES / 1024} KiB)`;
    } else if (text !== undefined) {
      try {
        Object.assign(values, parseDiveCiFile(text));
        source = '.dive-ci';
      } catch (error) {
        source = `stevedore.analyze settings (.dive-ci unreadable: ${(error as Error).message})`;
      }
    }
  }
  return { ...evaluateCi(analysis, values), source };
}

let fileCommandsRegistered = false;

/**
 * The tree's context-menu commands (Open, Save as…), registered with the image bundle: the menu
 * exists only on an Analyze panel. Their argument is the row's data-vscode-context, checked here.
 */
function registerFileCommands(host: FeatureHost): void {
  if (fileCommandsRegistered) return;
  fileCommandsRegistered = true;
  const run = (action: 'open' | 'save') => async (context: unknown): Promise<void> => {
    const row = isRecord(context) ? context : {};
    const { layer, scope, path } = row;
    if (!isIndex(layer) || !isTreeScope(scope) || !isImagePath(path)) return;
    try {
      await AnalyzePanel.front()?.fileAction(action, layer, scope, path);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    }
  };
  host.context.subscriptions.push(
    vscode.commands.registerCommand('stevedore.analyze.openFile', run('open')),
    vscode.commands.registerCommand('stevedore.analyze.saveFileAs', run('save')),
  );
}

/** A multi-platform image: which platform to analyse (this machine's first, as the engine lists them). */
async function choosePlatform(label: string, available: string[]): Promise<string | undefined> {
  const host = hostPlatformName();
  const items = available.map((platform) => ({ label: platform, description: platform.startsWith(host) ? 'this machine' : undefined }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: `${label} is a multi-platform image`,
    placeHolder: 'Which platform to analyse?',
    ignoreFocusOut: true,
  });
  return chosen?.label;
}

/** True when the engine's image under this name is no longer the one analysed (rebuilt or re-tagged). */
async function rebuiltSince(target: ImageTarget, analysedId: string | undefined): Promise<boolean> {
  if (target.kind !== 'engine' || !analysedId) return false;
  try {
    const { docker } = await connectDocker({ setting: dockerHostSetting() }, 2000);
    const { Id } = (await docker.getImage(target.reference).inspect()) as { Id: string };
    return Id !== analysedId;
  } catch {
    return false; // the panel still shows what was analysed; the engine being away changes nothing there
  }
}

/** Analyse `target` (or ask which image), showing progress; resolves once the panel has the analysis. */
async function analyze(
  host: FeatureHost,
  argument: unknown,
  options: { refresh?: boolean; dockerfile?: vscode.Uri; restoreInto?: vscode.WebviewPanel; target?: ImageTarget } = {},
): Promise<void> {
  registerFileCommands(host);
  const target = options.target ?? (await targetFromArgument(argument)) ?? (await pickImage(dockerHostSetting()));
  if (!target) return;
  const key = `${target.kind}:${targetLabel(target)}`;
  const existing = AnalyzePanel.find(key);
  if (
    existing && existing.hasAnalysis && !options.refresh && !options.restoreInto &&
    !(await rebuiltSince(target, existing.imageId))
  ) {
    existing.reveal();
    return;
  }
  const panel = options.restoreInto
    ? AnalyzePanel.adopt(host, key, targetLabel(target), restoreTargetOf(target), options.restoreInto, actions)
    : existing && !existing.isDisposed
      ? existing
      : AnalyzePanel.create(host, key, targetLabel(target), restoreTargetOf(target), actions);
  panel.reveal();
  const label = targetLabel(target);
  const controller = new AbortController();
  try {
    const session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Analyzing ${label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        // The panel closing is a cancel too: nobody is waiting for the result.
        const closed = panel.panel.onDidDispose(() => controller.abort());
        let reported = 0;
        const first = `Reading ${target.kind === 'engine' ? 'the image from the Docker engine' : target.path}…`;
        progress.report({ message: first });
        panel.showProgress(first);
        try {
          return await analyzeTarget(target, dockerHostSetting(), {
            signal: controller.signal,
            choosePlatform: (available) => choosePlatform(label, available),
            onProgress: (report) => {
              const total = report.layersTotal;
              const reading = total !== undefined ? Math.min(report.layersDone + 1, total) : report.layersDone + 1;
              const message =
                total !== undefined && report.layersDone >= total
                  ? `Analysing ${total} layers (${humanizeBytes(report.bytesRead)})`
                  : `Reading layer ${reading}${total !== undefined ? ` of ${total}` : ''}: ${humanizeBytes(report.bytesRead)}`;
              const share = total ? (report.layersDone / total) * 100 : 0;
              progress.report({ message, increment: Math.max(0, share - reported) });
              reported = Math.max(reported, share);
              panel.showProgress(message);
            },
          });
        } finally {
          closed.dispose();
        }
      },
    );
    await linkLayersToDockerfile(session, options.dockerfile).catch((error: unknown) => host.log.warn(`Linking layers to a Dockerfile: ${(error as Error).message}`));
    if (panel.isDisposed) return;
    panel.showAnalysis(session, await ciVerdict(session.analysis));
    const others = session.contents.otherImages ?? [];
    if (others.length) {
      void vscode.window.showInformationMessage(`${label} holds ${others.length + 1} images; the panel shows ${session.analysis.image} (also there: ${others.join(', ')}). Save one image per archive to analyse another.`);
    }
    host.log.info(`Analyzed ${label}: ${session.analysis.layers.length} layers, ${humanizeBytes(session.analysis.sizeBytes)}`);
  } catch (error) {
    if (controller.signal.aborted || (isImageSourceError(error) && error.code === 'cancelled')) {
      host.log.info(`Analysis of ${label} cancelled`);
      panel.dispose();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    host.log.error(`Analyze ${label}: ${message}`);
    panel.showError(message);
    void vscode.window.showErrorMessage(message);
  }
}

export const feature: ImageCommands = {
  analyzeImage: (host, target) => analyze(host, target),

  /** A panel VS Code restores after a reload: analyse its image again (the page kept which one). */
  async restorePanel(host, panel, state) {
    const saved = parseRestoreTarget(isRecord(state) ? state.target : undefined);
    if (!saved) {
      panel.dispose();
      return;
    }
    await analyze(host, undefined, { restoreInto: panel, target: targetFromRestore(saved) });
  },

  async buildAndAnalyze(host, dockerfile, rawOptions) {
    // Commands can be called by anything: keep only a well-formed tag and network name.
    const given = (rawOptions ?? {}) as Record<string, unknown>;
    const options: BuildOptions = {};
    if (typeof given.tag === 'string' && /^[a-z0-9][a-z0-9._\/-]{0,200}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/.test(given.tag)) options.tag = given.tag;
    if (typeof given.network === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(given.network)) options.network = given.network;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Build and analyze is disabled in untrusted workspaces: building runs the Dockerfile. Trust this workspace (Workspaces: Manage Workspace Trust) to build.');
      return;
    }
    const uri = dockerfile instanceof vscode.Uri ? dockerfile : vscode.window.activeTextEditor?.document.languageId === 'dockerfile' ? vscode.window.activeTextEditor.document.uri : undefined;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Build and analyze needs a Dockerfile saved on disk: open one and run the command again.');
      return;
    }
    const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
    if (document?.isDirty) await document.save();
    const tag = await buildImage(host, uri.fsPath, dockerHostSetting(), options);
    if (tag) await analyze(host, tag, { refresh: true, dockerfile: uri });
  },
};

/**
 * The `stevedore` task's "analyze image with CI rules": what `stevedore analyze --ci` prints, with
 * the CI rules the Analyze panel uses (settings, overridden by the folder's .dive-ci); exit 1 when
 * a rule fails. Without an image in the task definition, it asks which one.
 */
export function analyzeTask(
  _host: FeatureHost, folder: vscode.WorkspaceFolder, definition: StevedoreTaskDefinition,
): vscode.Pseudoterminal {
  return taskTerminal(async (write, signal) => {
    const target = (await targetFromArgument(definition.image))
      ?? (await pickImage(dockerHostSetting(), 'Stevedore: analyze image with CI rules'));
    if (!target) {
      write('Stevedore: no image chosen.');
      return 2;
    }
    const label = targetLabel(target);
    write(`Stevedore: analysing ${label}`);
    let session: ImageSession;
    try {
      let lastLayer = -1;
      session = await analyzeTarget(target, dockerHostSetting(), {
        signal,
        choosePlatform: (available) => choosePlatform(label, available),
        onProgress: (report) => {
          if (report.layersDone === lastLayer) return;
          lastLayer = report.layersDone;
          write(`  ${report.layersDone}${report.layersTotal !== undefined ? `/${report.layersTotal}` : ''} layers read (${humanizeBytes(report.bytesRead)})`);
        },
      });
    } catch (error) {
      write(`Stevedore: ${signal.aborted ? 'cancelled' : error instanceof Error ? error.message : String(error)}`);
      return signal.aborted ? 130 : 2;
    }
    const verdict = await ciVerdict(session.analysis, folder);
    write(`CI rules from ${verdict.source}:`);
    write(ciReport(session.analysis, verdict).replace(/\n$/, ''));
    return verdict.pass ? 0 : 1;
  });
}

export const analyzeImage = feature.analyzeImage;
export const buildAndAnalyze = feature.buildAndAnalyze;
export const restorePanel = feature.restorePanel;
export { buildAndCompare, compareImagesCommand as compareImages };
export type { ImageTarget };
