// The status bar item while a Dockerfile is the active editor: its findings by severity, as the
// Problems view counts them (errors, warnings, then info and style together); a click opens the
// Problems view. `stevedore.statusBar.enabled` hides it.
import * as vscode from 'vscode';

const ITEM_ID = 'stevedore.dockerfileFindings';

export function dockerfileStatusBar(collection: vscode.DiagnosticCollection): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(ITEM_ID, vscode.StatusBarAlignment.Left, 50);
  item.name = 'Stevedore Dockerfile findings';
  item.command = { command: 'workbench.actions.view.problems', title: 'Show the Problems view' };

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
    item.text = `$(error) ${counts.errors} $(warning) ${counts.warnings} $(info) ${counts.infos}`;
    const summary = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info and style finding')}`;
    item.tooltip = `Stevedore: ${summary} in ${vscode.workspace.asRelativePath(editor.document.uri)}. Click to open the Problems view.`;
    item.accessibilityInformation = { label: `Stevedore Dockerfile findings: ${summary}`, role: 'button' };
    item.show();
  };

  update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('stevedore.statusBar') && update()),
  );
}
