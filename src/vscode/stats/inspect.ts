// `docker inspect` JSON in a read-only editor: a virtual document (scheme stevedore-inspect), so it
// can be read, searched and folded but never saved over anything.
import * as vscode from 'vscode';

export const INSPECT_SCHEME = 'stevedore-inspect';

export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This inspect result is no longer available: run Inspect again.';
  }

  /** Open `json` as `<name>.json`; opening the same name again refreshes it. */
  async open(name: string, json: unknown): Promise<void> {
    const safe = name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120) || 'container';
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${safe}.json` });
    this.contents.set(uri.toString(), JSON.stringify(json, null, 2));
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
