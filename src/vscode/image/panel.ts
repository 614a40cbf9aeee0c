// The Analyze image panel: one per image (shown again if already open). The page is not kept alive
// while hidden (no retainContextWhenHidden): it keeps its own small state, and on `ready` gets the
// summary again; the analysis itself stays here, so nothing is recomputed.
import * as vscode from 'vscode';
import { encodeFileTree, type FileNode } from '../../image';
import { type AnalyzeSummary, type AnalyzeToWebview, type LargestFilesList, parseAnalyzeFromWebview, type RestoreTarget, type TreeScope } from '../../shared/protocol/analyze';
import type { FeatureHost } from '../host';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { ImageSession } from './session';

/** The page shows the largest wasted entries; the rest are counted. */
const WASTED_SENT = 100;

export interface PanelActions {
  /** The files of one layer, or of everything up to it. */
  layerTree(session: ImageSession, layerIndex: number, scope: TreeScope): FileNode[];
  /** Save the analysis as the CLI's JSON document. */
  exportJson(session: ImageSession): Promise<void>;
  /** Open the Dockerfile line that made a layer. */
  openLayerSource(session: ImageSession, layerIndex: number): Promise<void>;
  /** Open a file of the tree in an editor tab (a diff when the layer changed it). */
  openFile(host: FeatureHost, session: ImageSession, layerIndex: number, scope: TreeScope, path: string): Promise<void>;
  /** "Save as…": extract a file or folder to a folder the user chooses. */
  saveFile(host: FeatureHost, session: ImageSession, layerIndex: number, scope: TreeScope, path: string): Promise<void>;
  /** The largest files of the image matching a glob. */
  largestFiles(session: ImageSession, glob: string): LargestFilesList;
  /** "Compare with…": ask for another image and compare this one with it. */
  compareWith(host: FeatureHost, session: ImageSession): Promise<void>;
}

export class AnalyzePanel {
  private static readonly open = new Map<string, AnalyzePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private session: ImageSession | undefined;
  private ci: AnalyzeSummary['ci'];
  private progress = 'Starting…';
  private error: string | undefined;
  private ready = false;
  private disposed = false;

  static find(key: string): AnalyzePanel | undefined {
    return AnalyzePanel.open.get(key);
  }

  /** The last panel the user had in front (a file opened from it takes the front meanwhile). */
  private static lastActive: AnalyzePanel | undefined;

  /** The panel a file command acts on: the one in front, else the one last in front. */
  static front(): AnalyzePanel | undefined {
    const active = [...AnalyzePanel.open.values()].find((panel) => panel.panel.active);
    const last = AnalyzePanel.lastActive;
    return active ?? (last && !last.disposed ? last : undefined);
  }

  /** A file action (the tree's context menu) on this panel's image. */
  async fileAction(action: 'open' | 'save', layerIndex: number, scope: TreeScope, path: string): Promise<void> {
    const session = this.session;
    if (!session || layerIndex >= session.analysis.layers.length) return;
    await (action === 'open' ? this.actions.openFile : this.actions.saveFile)(this.host, session, layerIndex, scope, path);
  }

  static create(
    host: FeatureHost,
    key: string,
    label: string,
    target: RestoreTarget,
    actions: PanelActions,
  ): AnalyzePanel {
    const panel = vscode.window.createWebviewPanel('stevedore.analyze', `Analyze ${label}`, vscode.ViewColumn.Active, {
      ...webviewOptions(host.context.extensionUri),
      enableFindWidget: true,
    });
    return new AnalyzePanel(host, key, label, target, panel, actions);
  }

  /** Take over a panel VS Code brings back after a reload (registerWebviewPanelSerializer). */
  static adopt(
    host: FeatureHost,
    key: string,
    label: string,
    target: RestoreTarget,
    panel: vscode.WebviewPanel,
    actions: PanelActions,
  ): AnalyzePanel {
    panel.webview.options = webviewOptions(host.context.extensionUri);
    panel.title = `Analyze ${label}`;
    return new AnalyzePanel(host, key, label, target, panel, actions);
  }

  private constructor(
    private readonly host: FeatureHost,
    readonly key: string,
    label: string,
    private readonly target: RestoreTarget,
    readonly panel: vscode.WebviewPanel,
    private readonly actions: PanelActions,
  ) {
    AnalyzePanel.open.get(key)?.dispose();
    AnalyzePanel.open.set(key, this);
    const extensionUri = host.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'stevedore.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'analyze', `Analyze ${label}`);
    host.webviews.attach('analyze', panel.webview, this.disposables);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((event) => {
        // The registry names the panel in front, so tests and commands reach the one the user sees.
        if (event.webviewPanel.active) {
          AnalyzePanel.lastActive = this;
          this.attach();
        }
      }),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  get hasAnalysis(): boolean {
    return this.session !== undefined;
  }

  /** The analysed image's ID (engine images and archives that carry one). */
  get imageId(): string | undefined {
    return this.session?.analysis.id;
  }

  reveal(): void {
    AnalyzePanel.lastActive = this;
    this.panel.reveal();
    this.attach();
  }

  private attach(): void {
    if (this.host.webviews.get('analyze') !== this.panel.webview) this.host.webviews.attach('analyze', this.panel.webview, this.disposables);
  }

  showProgress(message: string): void {
    this.progress = message;
    this.post({ type: 'analyze/progress', message });
  }

  showError(message: string): void {
    this.error = message;
    this.post({ type: 'analyze/error', message });
  }

  showAnalysis(session: ImageSession, ci: AnalyzeSummary['ci']): void {
    this.session = session;
    this.ci = ci;
    this.error = undefined;
    // An archive of an image the engine also has must not share its tab title: name the file too.
    const file = session.target.kind === 'engine' ? '' : ` (${session.target.path.split(/[\\/]/).pop()})`;
    this.panel.title = `Analyze ${session.analysis.image}${file}`;
    this.post({ type: 'analyze/summary', summary: this.summary(session) });
  }

  private summary(session: ImageSession): AnalyzeSummary {
    const { analysis } = session;
    const wasted = [...analysis.wasted].sort((a, b) => b.bytes - a.bytes).slice(0, WASTED_SENT);
    // Only what the page draws: dive's per-path list and the full waste list stay here.
    const { inefficientFiles: _dive, ...rest } = analysis;
    return {
      analysis: { ...rest, wasted },
      sourceLabel: session.target.kind === 'engine' ? session.target.reference : session.target.path,
      wastedEntryCount: analysis.wasted.length,
      ...(this.ci ? { ci: this.ci } : {}),
    };
  }

  private post(message: AnalyzeToWebview): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseAnalyzeFromWebview(raw);
    if (!message) {
      this.host.log.warn(`Analyze panel: dropped a message of unknown shape (${typeof raw === 'object' && raw ? String((raw as { type?: unknown }).type) : typeof raw})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'analyze/restoreTarget', target: this.target });
        if (this.session) this.post({ type: 'analyze/summary', summary: this.summary(this.session) });
        else if (this.error) this.post({ type: 'analyze/error', message: this.error });
        else this.post({ type: 'analyze/progress', message: this.progress });
        break;
      case 'analyze/requestTree':
        this.sendTree(message.layerIndex, message.scope);
        break;
      case 'analyze/openLayerSource':
        if (this.session) {
          void this.actions.openLayerSource(this.session, message.layerIndex)
            .catch((error: unknown) => this.reportError(error));
        }
        break;
      case 'analyze/export':
        if (this.session) void this.actions.exportJson(this.session).catch((error: unknown) => this.reportError(error));
        break;
      case 'analyze/openFile':
      case 'analyze/saveFile':
        if (this.session && message.layerIndex < this.session.analysis.layers.length) {
          const act = message.type === 'analyze/openFile' ? this.actions.openFile : this.actions.saveFile;
          void act(this.host, this.session, message.layerIndex, message.scope, message.path)
            .catch((error: unknown) => this.reportError(error));
        }
        break;
      case 'analyze/requestLargest':
        if (this.session) this.post({ type: 'analyze/largest', largest: this.actions.largestFiles(this.session, message.glob) });
        break;
      case 'analyze/compare':
        if (this.session) {
          void this.actions.compareWith(this.host, this.session).catch((error: unknown) => this.reportError(error));
        }
        break;
      default:
        // pong and analyze/snapshot are answers read by the registry and the tests.
        break;
    }
  }

  private sendTree(layerIndex: number, scope: TreeScope): void {
    const session = this.session;
    if (!session) return;
    if (layerIndex >= session.analysis.layers.length) {
      this.post({ type: 'analyze/treeError', layerIndex, scope, message: `This image has no layer ${layerIndex + 1}.` });
      return;
    }
    try {
      const started = Date.now();
      const tree = encodeFileTree(this.actions.layerTree(session, layerIndex, scope));
      this.host.log.debug(`Analyze panel: layer ${layerIndex + 1} (${scope}) tree of ${tree.names.length} entries in ${Date.now() - started} ms`);
      this.post({ type: 'analyze/tree', layerIndex, scope, tree });
    } catch (error) {
      this.post({ type: 'analyze/treeError', layerIndex, scope, message: `Could not list the files of layer ${layerIndex + 1}: ${(error as Error).message}` });
    }
  }

  private reportError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.host.log.error(`Analyze panel: ${message}`);
    void vscode.window.showErrorMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (AnalyzePanel.open.get(this.key) === this) AnalyzePanel.open.delete(this.key);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
