// "Stevedore: Lint workspace Dockerfiles": every Dockerfile/Containerfile in the workspace (or a
// folder picked in the Explorer) linted with progress and cancel, results in the Problems panel.
import * as vscode from 'vscode';
import type { Severity } from '../../dockerfile';
import type { DockerfileDiagnostics } from './diagnostics';

/** Dockerfile, Containerfile, api.Dockerfile, Dockerfile.prod, x.dockerfile, Containerfile.dev, ... */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile,Dockerfile.*,Containerfile.*}';

export interface WorkspaceLintSummary {
  files: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  cancelled: boolean;
}

/** `files.exclude` (the globs set to true) plus node_modules, as one exclude glob for findFiles. */
export function excludeGlob(scope: vscode.Uri | undefined): string {
  const excluded = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude', {}) ?? {};
  const globs = Object.entries(excluded)
    .filter(([, value]) => value === true)
    .map(([glob]) => glob);
  globs.push('**/node_modules/**');
  return `{${globs.join(',')}}`;
}

/** Not every match is a Dockerfile: `Dockerfile.dockerignore` is an ignore file. */
export function isDockerfile(uri: vscode.Uri): boolean {
  return !/\.dockerignore$/i.test(uri.path);
}

export async function lintWorkspace(
  diagnostics: DockerfileDiagnostics,
  folder?: vscode.Uri,
): Promise<WorkspaceLintSummary> {
  const summary: WorkspaceLintSummary = {
    files: 0, findings: 0, bySeverity: { error: 0, warning: 0, info: 0, style: 0 }, cancelled: false,
  };
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Stevedore: open a folder first; "Lint workspace Dockerfiles" lints the Dockerfiles in it.');
    return summary;
  }
  const include = folder ? new vscode.RelativePattern(folder, DOCKERFILE_GLOB) : DOCKERFILE_GLOB;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Stevedore: linting Dockerfiles', cancellable: true },
    async (progress, token) => {
      const found = (await vscode.workspace.findFiles(include, excludeGlob(folder), undefined, token))
        .filter(isDockerfile);
      found.sort((a, b) => a.path.localeCompare(b.path));
      for (const uri of found) {
        if (token.isCancellationRequested) {
          summary.cancelled = true;
          break;
        }
        const result = await diagnostics.lintFileOnDisk(uri);
        if (result) {
          diagnostics.workspaceFiles.add(uri.toString());
          summary.files++;
          summary.findings += result.findings.length;
          for (const finding of result.findings) summary.bySeverity[finding.severity]++;
        }
        progress.report({ increment: 100 / found.length, message: `${summary.files}/${found.length} ${vscode.workspace.asRelativePath(uri)}` });
        // Let the editor breathe between files: lint is synchronous.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  );
  const counts = (['error', 'warning', 'info', 'style'] as const).map((level) => `${summary.bySeverity[level]} ${level}`).join(', ');
  const message = `Stevedore: ${summary.cancelled ? 'cancelled after' : 'linted'} ${summary.files} Dockerfile${summary.files === 1 ? '' : 's'}: ${summary.findings} finding${summary.findings === 1 ? '' : 's'} (${counts}).`;
  void vscode.window.showInformationMessage(message, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return summary;
}
