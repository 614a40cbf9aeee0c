// The comparison panel: one per pair of images (shown again when the same pair is compared). The
// page is not kept alive while hidden; on `ready` it gets the comparison again, which stays here.
import * as vscode from 'vscode';
import type { CompareToWebview, CompareView } from '../../shared/protocol/compare';
import { parseCompareFromWebview } from '../../shared/protocol/compare';
import type { FeatureHost } from '../host';
import { webviewHtml, webviewOptions } from '../webviewHtml';

export interface ComparePanelActions {
  /** Open a modified file in VS Code's diff editor, image A's on the left. */
  openDiff?(path: string): Promise<void>;
  /** Save the comparison as `stevedore diff --format json` prints it. */
  exportJson(): Promise<void>;
}

export class ComparePanel {
  private static readonly open = new Map<string, ComparePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private view: CompareView | undefined;
  private actions: ComparePanelActions | undefined;
  private progress = 'Starting…';
  private error: string | undefined;
  private ready = false;
  private disposed = false;

  /** The panel for `key`, brought to the front, or a new one. */
  static show(host: FeatureHost, key: string, title: string): ComparePanel {
    const existing = ComparePanel.open.get(key);
    if (existing && !existing.disposed) {
      existing.panel.title = title;
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('stevedore.compare', title, vscode.ViewColumn.Active, {
      ...webviewOptions(host.context.extensionUri),
      enableFindWidget: true,
    });
    return new ComparePanel(host, key, title, panel);
  }

  private constructor(
    private readonly host: FeatureHost,
    readonly key: string,
    title: string,
    readonly panel: vscode.WebviewPanel,
  ) {
    ComparePanel.open.set(key, this);
    const extensionUri = host.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'stevedore.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'compare', title);
    host.webviews.attach('compare', panel.webview, this.disposables);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((event) => {
        if (event.webviewPanel.active) this.attach();
      }),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  reveal(): void {
    this.panel.reveal();
    this.attach();
  }

  private attach(): void {
    if (this.host.webviews.get('compare') !== this.panel.webview) this.host.webviews.attach('compare', this.panel.webview, this.disposables);
  }

  showProgress(message: string): void {
    this.progress = message;
    this.post({ type: 'compare/progress', message });
  }

  showError(message: string): void {
    this.error = message;
    this.view = undefined;
    this.post({ type: 'compare/error', message });
  }

  showComparison(view: CompareView, actions: ComparePanelActions): void {
    this.view = view;
    this.actions = actions;
    this.error = undefined;
    this.post({ type: 'compare/result', view });
  }

  private post(message: CompareToWebview): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseCompareFromWebview(raw);
    if (!message) {
      this.host.log.warn(`Compare panel: dropped a message of unknown shape (${typeof raw === 'object' && raw ? String((raw as { type?: unknown }).type) : typeof raw})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.view) this.post({ type: 'compare/result', view: this.view });
        else if (this.error) this.post({ type: 'compare/error', message: this.error });
        else this.post({ type: 'compare/progress', message: this.progress });
        break;
      case 'compare/openDiff':
        // Only a path the comparison lists as a modified file: the page cannot name others.
        if (this.actions?.openDiff && this.view?.comparison.changes.some((c) => c.path === message.path && c.change === 'modified')) {
          void this.actions.openDiff(message.path).catch((error: unknown) => this.reportError(error));
        }
        break;
      case 'compare/export':
        if (this.actions) void this.actions.exportJson().catch((error: unknown) => this.reportError(error));
        break;
      default:
        // pong and compare/snapshot are answers read by the registry and the tests.
        break;
    }
  }

  private reportError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.host.log.error(`Compare panel: ${message}`);
    void vscode.window.showErrorMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ComparePanel.open.get(this.key) === this) ComparePanel.open.delete(this.key);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
