// The activation path: registers commands, the view and the Dockerfile language features, and
// loads each feature's bundle only when it is first used. Nothing heavy happens here.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { registerTaskProvider, type StevedoreTaskDefinition } from './vscode/tasks';
import { type ComposeFeature, type DockerfileFeature, type FeatureHost, type ImageFeature, LiveServices, type LogsFeature, type StatsFeature, WebviewRegistry } from './vscode/host';

/** What `activate` returns: used by the extension tests to reach the live webviews. */
export interface StevedoreApi {
  webviews: WebviewRegistry;
  /** The stats monitors held now (the Container stats view and a load test share one per project). */
  statsMonitors(): number;
  /** How long activate() took, in milliseconds (reported by the extension tests). */
  activationMs: number;
}

/** compose*.y(a)ml and docker-compose*.y(a)ml, as src/compose's isComposeFileName (no engine at activation). */
const COMPOSE_NAME = /\/(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;

export function activate(context: vscode.ExtensionContext): StevedoreApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Stevedore', { log: true });
  const host: FeatureHost = { context, log, webviews: new WebviewRegistry(), liveServices: new LiveServices() };
  context.subscriptions.push(log);

  const load = <T>(name: string): T => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(join(context.extensionPath, 'dist', 'features', `${name}.js`)) as T;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('stevedore.analyzeImage', (target?: unknown) => load<ImageFeature>('image').analyzeImage(host, target)),
    vscode.commands.registerCommand('stevedore.buildAndAnalyze', (dockerfile?: unknown, options?: { tag?: string; network?: string }) =>
      load<ImageFeature & { buildAndAnalyze(host: FeatureHost, dockerfile?: unknown, options?: { tag?: string; network?: string }): Promise<void> }>('image').buildAndAnalyze(host, dockerfile, options),
    ),
    vscode.commands.registerCommand('stevedore.compareImages', (a?: unknown, b?: unknown) =>
      load<{ compareImages(host: FeatureHost, a?: unknown, b?: unknown): Promise<void> }>('image').compareImages(host, a, b),
    ),
    vscode.commands.registerCommand('stevedore.buildAndCompare', (dockerfile?: unknown, options?: unknown) =>
      load<{ buildAndCompare(host: FeatureHost, dockerfile?: unknown, options?: unknown): Promise<void> }>('image').buildAndCompare(host, dockerfile, options),
    ),
    vscode.window.registerWebviewPanelSerializer('stevedore.analyze', {
      deserializeWebviewPanel: (panel, state: unknown) => load<ImageFeature>('image').restorePanel(host, panel, state),
    }),
    vscode.commands.registerCommand('stevedore.showLogs', (args?: unknown) => load<{ feature: LogsFeature }>('logs').feature.showLogs(host, args)),
    vscode.commands.registerCommand('stevedore.openShell', (args?: unknown) => load<{ feature: LogsFeature }>('logs').feature.openShell(host, args)),
    vscode.commands.registerCommand('stevedore.load.run', (args?: unknown) =>
      load<{ feature: { runLoadTest(host: FeatureHost, args?: unknown): Promise<unknown> } }>('load').feature.runLoadTest(host, args)),
    vscode.commands.registerCommand('stevedore.load.cancel', () => load<{ feature: { cancelAll(): number } }>('load').feature.cancelAll()),
    vscode.commands.registerCommand('stevedore.openInBrowser', (args?: unknown) => load<{ feature: LogsFeature }>('logs').feature.openInBrowser(host, args)),
    vscode.commands.registerCommand('stevedore.prometheus.setSecret', () => load<StatsFeature>('stats').setPrometheusSecret(host)),
    vscode.window.registerWebviewViewProvider('stevedore.containerStats', {
      resolveWebviewView: (view, _resolveContext, token) => load<StatsFeature>('stats').resolveStatsView(host, view, token),
    }),
  );

  // The linter loads with the first Dockerfile, not before.
  let dockerfileLoaded = false;
  const loadDockerfile = (document: vscode.TextDocument): void => {
    if (dockerfileLoaded || document.languageId !== 'dockerfile') return;
    dockerfileLoaded = true;
    load<DockerfileFeature>('dockerfile').activate(host);
  };
  // The compose editor loads with the first compose file (by name, as Compose finds them), not before.
  let composeLoaded = false;
  const loadCompose = (document: vscode.TextDocument): void => {
    if (composeLoaded || !(document.languageId === 'dockercompose' || (document.languageId === 'yaml' && COMPOSE_NAME.test(document.uri.path)))) return;
    composeLoaded = true;
    load<ComposeFeature>('compose').activate(host);
  };
  vscode.workspace.textDocuments.forEach(loadDockerfile);
  vscode.workspace.textDocuments.forEach(loadCompose);
  if (!dockerfileLoaded || !composeLoaded) {
    const listener = vscode.workspace.onDidOpenTextDocument((document) => {
      loadDockerfile(document);
      loadCompose(document);
      if (dockerfileLoaded && composeLoaded) listener.dispose();
    });
    context.subscriptions.push(listener);
  }
  // Lints every Dockerfile, so it works before any is open: the bundle starts itself (idempotently).
  type LintWorkspace = { lintWorkspace(host: FeatureHost, folder?: unknown): Promise<unknown> };
  context.subscriptions.push(
    vscode.commands.registerCommand('stevedore.lintWorkspace', (folder?: unknown) => load<LintWorkspace>('dockerfile').lintWorkspace(host, folder)),
  );
  // Quick fixes run this after their edit (src/vscode/dockerfile/actions.ts): the walkthrough's
  // "apply a fix" step completes on it. It does nothing else.
  context.subscriptions.push(vscode.commands.registerCommand('stevedore.lint.fixApplied', () => undefined));
  // The `stevedore` task type: each task loads its feature's bundle when it runs.
  type TaskRun = (
    host: FeatureHost, folder: vscode.WorkspaceFolder, definition: StevedoreTaskDefinition,
  ) => vscode.Pseudoterminal;
  type TaskBundle = Record<string, TaskRun>;
  context.subscriptions.push(registerTaskProvider({
    lint: (folder, definition) => load<TaskBundle>('dockerfile').lintTask(host, folder, definition),
    analyze: (folder, definition) => load<TaskBundle>('image').analyzeTask(host, folder, definition),
  }));
  const activationMs = performance.now() - started;
  log.info(`Stevedore activated in ${activationMs.toFixed(1)} ms (${vscode.env.appName} ${vscode.version})`);
  return { webviews: host.webviews, statsMonitors: () => host.statsMonitors?.size ?? 0, activationMs };
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
