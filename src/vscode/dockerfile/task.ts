// The `stevedore` task's "lint all Dockerfiles": the folder's Dockerfiles linted as the editor lints
// them (the same settings, .hadolint.yaml, .dockerignore and ShellCheck), printed in `stevedore lint
// --format tty`'s lines for the $stevedore problem matcher; exit 1 when a finding reaches the
// failure threshold (hadolint's rule).
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { failsThreshold, findingLine, shellcheckFindings, type Finding } from '../../dockerfile';
import { taskTerminal } from '../taskTerminal';
import type { StevedoreTaskDefinition } from '../tasks';
import { byPosition, type DockerfileDiagnostics } from './diagnostics';
import { DOCKERFILE_GLOB, excludeGlob, isDockerfile } from './workspace';

export function lintTask(
  linter: DockerfileDiagnostics, folder: vscode.WorkspaceFolder, definition: StevedoreTaskDefinition,
): vscode.Pseudoterminal {
  return taskTerminal(async (write, signal) => {
    const patterns = definition.files?.length ? definition.files : [DOCKERFILE_GLOB];
    const found = new Map<string, vscode.Uri>();
    for (const pattern of patterns) {
      const token = new vscode.CancellationTokenSource();
      signal.addEventListener('abort', () => token.cancel());
      const include = new vscode.RelativePattern(folder, pattern);
      for (const uri of await vscode.workspace.findFiles(include, excludeGlob(folder.uri), undefined, token.token)) {
        if (isDockerfile(uri)) found.set(uri.toString(), uri);
      }
      token.dispose();
    }
    const files = [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
    write(`Stevedore: linting ${files.length} Dockerfile${files.length === 1 ? '' : 's'} in ${folder.name}`);
    let failed = false;
    let total = 0;
    for (const uri of files) {
      if (signal.aborted) {
        write('Stevedore: cancelled');
        return 130;
      }
      // An open editor's text is what the editor shows findings for; otherwise the file on disk.
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      const text = open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      const linted = linter.lintText(uri, text, undefined);
      if (!linted.inputs.enabled) continue;
      let findings: Finding[] = linted.findings;
      const { mode, executable } = linted.inputs.shellcheck;
      if (mode !== 'off') {
        const answer = await shellcheckFindings(text, { config: linted.inputs.config, executable, signal });
        if (answer.findings.length) findings = [...findings, ...answer.findings].sort(byPosition);
        else if (answer.problem && answer.problem.kind !== 'cancelled' && !(answer.problem.kind === 'missing' && mode === 'auto')) {
          write(`Stevedore: ${answer.problem.message}`);
        }
      }
      const file = relative(folder.uri.fsPath, uri.fsPath).split(sep).join('/');
      for (const finding of findings) write(findingLine(file, finding));
      total += findings.length;
      if (failsThreshold(findings, linted.inputs.config.failureThreshold)) failed = true;
    }
    write(`Stevedore: ${total} finding${total === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`);
    return failed ? 1 : 0;
  });
}
