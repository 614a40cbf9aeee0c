// Compose files in the editor: diagnostics as you type (src/compose's rules), quick fixes, right-sizing
// from what the Container stats view observed, a CodeLens with each service's live numbers, a hover
// with its last minute, and links from `build:` to the Dockerfile. Loaded with the first compose file.
import * as vscode from 'vscode';
import type { ComposeFeature, FeatureHost } from '../host';
import { ComposeCodeActions } from './actions';
import { ComposeDiagnostics, isComposeDocument } from './diagnostics';
import { ComposeDockerfileLinks } from './links';
import { ComposeLiveHover, ComposeLiveLenses, REVEAL_COMMAND, ServiceEntries } from './live';

/** Compose files are YAML to VS Code (or `dockercompose` with Docker's extension); the providers check the name. */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'dockercompose' },
  { language: 'yaml', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
];

let diagnostics: ComposeDiagnostics | undefined;

function activateFeature(host: FeatureHost): void {
  if (diagnostics) return;
  const linter = new ComposeDiagnostics(host);
  diagnostics = linter;
  const entries = new ServiceEntries();
  const lenses = new ComposeLiveLenses(host, entries);
  const links = new ComposeDockerfileLinks(entries);
  const { subscriptions } = host.context;
  subscriptions.push(linter, lenses, { dispose: () => (diagnostics = undefined) });

  subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => isComposeDocument(document) && linter.schedule(document, 0)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isComposeDocument(event.document) && event.contentChanges.length > 0) linter.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      entries.forget(document.uri);
      const key = document.uri.toString();
      const reopened = vscode.workspace.textDocuments.some(
        (other) => other !== document && !other.isClosed && other.uri.toString() === key,
      );
      if (!reopened) linter.forget(document.uri);
    }),
    // A language change (Plain Text -> YAML) is a close and an open: handled above.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stevedore.lint') || event.affectsConfiguration('stevedore.compose.headroom')) {
        links.inputs.clear();
        linter.relintAll();
      }
    }),
    host.liveServices.onDidChange(() => linter.relintObserved()),
  );
  const ignores = vscode.workspace.createFileSystemWatcher('**/{.dockerignore,*.dockerignore,.hadolint.yaml,.hadolint.yml}');
  const filesChanged = (): void => {
    links.inputs.clear();
    linter.relintAll(true);
  };
  subscriptions.push(
    ignores, ignores.onDidChange(filesChanged), ignores.onDidCreate(filesChanged), ignores.onDidDelete(filesChanged),
  );

  subscriptions.push(
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ComposeCodeActions(linter), ComposeCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, new ComposeLiveHover(host, entries)),
    vscode.languages.registerDocumentLinkProvider(SELECTOR, links),
    vscode.commands.registerCommand(REVEAL_COMMAND, async (args?: unknown) => {
      const record = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
      const { project, service } = record;
      if (typeof project === 'string' && typeof service === 'string' && host.liveServices.reveal(project, service)) return true;
      // Not watched yet: open the view; its monitors start and the lenses fill in.
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      return false;
    }),
  );

  for (const document of vscode.workspace.textDocuments) if (isComposeDocument(document)) linter.schedule(document, 0);
  host.log.info('Compose editor features loaded');
}

export const feature: ComposeFeature = { activate: activateFeature };
export const activate = feature.activate;

