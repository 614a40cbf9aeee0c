// Dockerfile language features: diagnostics as you type, quick fixes, fix all, ignore pragmas,
// hovers, and "Lint workspace Dockerfiles". Loaded with the first Dockerfile (or that command).
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DockerfileFeature, FeatureHost } from '../host';
import { DockerfileCodeActions, DockerfileHover } from './actions';
import { DockerfileDiagnostics } from './diagnostics';
import { dockerfileStatusBar } from './statusBar';
import { lintTask as lintTaskWith } from './task';
import type { StevedoreTaskDefinition } from '../tasks';
import { DOCKERFILE_GLOB, lintWorkspace as lintWorkspaceWith, type WorkspaceLintSummary } from './workspace';

export type { WorkspaceLintSummary } from './workspace';

const SELECTOR: vscode.DocumentSelector = [{ language: 'dockerfile' }];
let diagnostics: DockerfileDiagnostics | undefined;

function isDockerfile(document: vscode.TextDocument): boolean {
  return document.languageId === 'dockerfile';
}

function activateFeature(host: FeatureHost): void {
  if (diagnostics) return;
  const linter = new DockerfileDiagnostics(host);
  diagnostics = linter;
  const { subscriptions } = host.context;
  subscriptions.push(linter, { dispose: () => (diagnostics = undefined) });

  // Open documents lint right away but off the current call stack; edits after a pause.
  subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => isDockerfile(document) && linter.schedule(document, 0)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isDockerfile(event.document) && event.contentChanges.length > 0) linter.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (!isDockerfile(document) && !linter.workspaceFiles.has(document.uri.toString())) return;
      // An untitled URI is reused: the close of the old document can arrive after the new one opened.
      const reopened = vscode.workspace.textDocuments.find(
        (other) => other !== document && !other.isClosed && other.uri.toString() === document.uri.toString(),
      );
      if (reopened) {
        if (isDockerfile(reopened)) linter.schedule(reopened, 0);
        return;
      }
      // Files the workspace command listed keep their (saved) findings; others leave the Problems panel.
      if (linter.workspaceFiles.has(document.uri.toString())) void linter.lintFileOnDisk(document.uri);
      else linter.forget(document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stevedore.lint') || event.affectsConfiguration('files.exclude')) linter.relintAll();
    }),
  );

  // .hadolint.yaml anywhere in the workspace and the user-level places hadolint reads; .dockerignore files.
  const home = homedir();
  const watched: vscode.GlobPattern[] = [
    '**/.hadolint.{yaml,yml}',
    '**/{.dockerignore,*.dockerignore}',
    new vscode.RelativePattern(vscode.Uri.file(process.env.XDG_CONFIG_HOME || join(home, '.config')), 'hadolint.{yaml,yml}'),
    new vscode.RelativePattern(vscode.Uri.file(join(home, '.hadolint')), '*.{yaml,yml}'),
    new vscode.RelativePattern(vscode.Uri.file(home), '.hadolint.{yaml,yml}'),
  ];
  for (const pattern of watched) {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = (): void => linter.relintAll();
    subscriptions.push(
      watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed),
    );
  }

  // Files the workspace command published, changed or deleted on disk while closed (a git checkout).
  const dockerfiles = vscode.workspace.createFileSystemWatcher(DOCKERFILE_GLOB);
  const changedOnDisk = (uri: vscode.Uri): void => {
    const key = uri.toString();
    if (!linter.workspaceFiles.has(key)) return;
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === key)) return;
    void linter.lintFileOnDisk(uri);
  };
  subscriptions.push(
    dockerfiles,
    dockerfiles.onDidChange(changedOnDisk),
    // Some writers replace the file (delete + create) rather than change it.
    dockerfiles.onDidCreate(changedOnDisk),
    dockerfiles.onDidDelete((uri) => {
      const key = uri.toString();
      if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === key)) return;
      linter.workspaceFiles.delete(key);
      linter.forget(uri);
    }),
  );

  subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      SELECTOR, new DockerfileCodeActions(linter), DockerfileCodeActions.metadata,
    ),
    vscode.languages.registerHoverProvider(SELECTOR, new DockerfileHover(linter)),
    dockerfileStatusBar(linter.collection, host.context.workspaceState),
  );

  for (const document of vscode.workspace.textDocuments) if (isDockerfile(document)) linter.schedule(document, 0);
  host.log.info('Dockerfile features loaded');
}

export const feature: DockerfileFeature = { activate: activateFeature };
export const activate = feature.activate;

/** The "Stevedore: Lint workspace Dockerfiles" command; `folder` when run from the Explorer. */
export async function lintWorkspace(host: FeatureHost, folder?: unknown): Promise<WorkspaceLintSummary> {
  activateFeature(host);
  if (!diagnostics) throw new Error('The Dockerfile features did not start');
  return lintWorkspaceWith(diagnostics, folder instanceof vscode.Uri ? folder : undefined);
}

/** The `stevedore` task's "lint all Dockerfiles" (src/vscode/tasks.ts). */
export function lintTask(
  host: FeatureHost, folder: vscode.WorkspaceFolder, definition: StevedoreTaskDefinition,
): vscode.Pseudoterminal {
  activateFeature(host);
  if (!diagnostics) throw new Error('The Dockerfile features did not start');
  return lintTaskWith(diagnostics, folder, definition);
}
