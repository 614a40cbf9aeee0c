// The status bar item while a Dockerfile is the active editor: its findings by severity, as the
// Problems view counts them (errors, warnings, then info and style together); a click opens the
// Problems view filtered to the active file. `stevedore.statusBar.enabled` hides it.
import * as vscode from 'vscode';

const ITEM_ID = 'stevedore.dockerfileFindings';
export const SHOW_FILE_PROBLEMS = 'stevedore.lint.showFileProblems';
/** The workbench's own toggle of the Problems view's "Show Active File Only" filter. */
const TOGGLE_ACTIVE_FILE = 'workbench.actions.workbench.panel.markers.view.toggleActiveFile';
const FILTER_KEY = 'stevedore.problemsActiveFileFilter';

/**
 * Opens the Problems view with its "Show Active File Only" filter on. VS Code offers that filter
 * only as a toggle whose state an extension cannot read, so the filter is toggled once and the
 * workspace remembers that Stevedore turned it on (the view keeps its filters per workspace too);
 * a user who turns it off again gets it back on the next click only after a reload resets both.
 */
async function showFileProblems(state: vscode.Memento): Promise<void> {
  await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
  if (state.get<boolean>(FILTER_KEY)) return;
  await vscode.commands.executeCommand(TOGGLE_ACTIVE_FILE);
  await state.update(FILTER_KEY, true);
}

export function dockerfileStatusBar(collection: vscode.DiagnosticCollection, state: vscode.Memento): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(ITEM_ID, vscode.StatusBarAlignment.Left, 50);
  item.name = 'Stevedore Dockerfile findings';
  item.command = { command: SHOW_FILE_PROBLEMS, title: 'Show this file\'s problems' };

  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    const enabled = vscode.workspace.getConfiguration('stevedore.statusBar').get<boolean>('enabled', true);
    if (!enabled || !editor || editor.document.languageId !== 'dockerfile') {
      item.hide();
      return;
    }
    const counts = { errors: 0, warnings: 0, infos: 0 };
    for (const diagnostic of collection.get(editor.document.uri) ?? []) {
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.infos++;
    }
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    // Named, so it is not read as a second copy of VS Code's own problem counts (all files) beside it.
    item.text = `Stevedore $(error) ${counts.errors} $(warning) ${counts.warnings} $(info) ${counts.infos}`;
    const summary = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info and style finding')}`;
    item.tooltip = `Stevedore: ${summary} in ${vscode.workspace.asRelativePath(editor.document.uri)}. Click to show them in the Problems view (active file only).`;
    item.accessibilityInformation = { label: `Stevedore Dockerfile findings: ${summary}`, role: 'button' };
    item.show();
  };

  update();
  return vscode.Disposable.from(
    item,
    vscode.commands.registerCommand(SHOW_FILE_PROBLEMS, () => showFileProblems(state)),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('stevedore.statusBar') && update()),
  );
}
