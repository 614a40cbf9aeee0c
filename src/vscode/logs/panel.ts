// The log view of one compose project: a webview panel fed by the log engine (ProjectLogs), with the
// filtered view kept here (model.ts) and sent to the virtualised page a window at a time.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ProjectLogs, type ConnectionState } from '../../logs';
import {
  EMPTY_FILTER,
  type LogsFromWebview,
  type LogsToWebview,
  type ViewLogFilter,
  parseLogsFromWebview,
} from '../../shared/protocol/logs';
import type { FeatureHost } from '../host';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { LogViewModel } from './model';
import type { ProjectTarget } from './target';

const STATUS_INTERVAL_MS = 100;

function connectionWords(state: ConnectionState): string {
  switch (state.state) {
    case 'connected':
      return '';
    case 'connecting':
      return `Connecting to the Docker engine at ${state.host}…`;
    default: {
      const seconds = Math.max(1, Math.round(state.retryInMs / 1000));
      return `${state.message} Retrying by itself in ${seconds} s; the lines already shown stay.`;
    }
  }
}

export class LogPanel implements vscode.Disposable {
  private static readonly open = new Map<string, LogPanel>();
  private readonly panel: vscode.WebviewPanel;
  private readonly logs: ProjectLogs;
  private readonly model: LogViewModel;
  private readonly disposables: vscode.Disposable[] = [];
  private statusTimer: NodeJS.Timeout | undefined;
  private connection = '';
  private disposed = false;

  /** Show the project's log view (one per project), with a filter when given. */
  static show(host: FeatureHost, target: ProjectTarget, filter?: ViewLogFilter): LogPanel {
    const key = target.folder.uri.toString();
    let panel = LogPanel.open.get(key);
    if (!panel) {
      panel = new LogPanel(host, target);
      LogPanel.open.set(key, panel);
    } else {
      panel.panel.reveal(undefined, false);
    }
    if (filter) panel.applyFilter(filter);
    return panel;
  }

  static current(): LogPanel | undefined {
    return [...LogPanel.open.values()].find((panel) => panel.panel.active) ?? [...LogPanel.open.values()].pop();
  }

  private constructor(private readonly host: FeatureHost, private readonly target: ProjectTarget) {
    const settings = vscode.workspace.getConfiguration('stevedore.logs');
    const ringLines = Math.min(1_000_000, Math.max(1000, settings.get<number>('maxLines', 100_000)));
    const tail = Math.min(100_000, Math.max(0, settings.get<number>('tail', 1000)));
    this.model = new LogViewModel(ringLines);
    this.panel = vscode.window.createWebviewPanel(
      'stevedore.logs',
      `Logs: ${target.project.name}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(host.context.extensionUri),
    );
    this.panel.iconPath = vscode.Uri.joinPath(host.context.extensionUri, 'media', 'stevedore.svg');
    const { webview } = this.panel;
    host.webviews.attach('logs', webview, this.disposables);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    webview.html = webviewHtml(webview, host.context.extensionUri, 'logs', `Logs: ${target.project.name}`);
    this.logs = new ProjectLogs({
      folder: target.folder.uri.fsPath,
      files: target.files,
      ...(target.projectName ? { projectName: target.projectName } : {}),
      project: target.project,
      dockerHost: target.dockerHost,
      ringLines,
      tail,
    });
    this.logs.on('lines', (batch) => {
      this.model.ingest(batch);
      this.scheduleStatus();
    });
    this.logs.on('container', (change) => {
      this.model.addMarker(change);
      this.scheduleStatus();
    });
    this.logs.on('connection', (state) => {
      this.connection = connectionWords(state);
      this.scheduleStatus();
    });
    this.logs.on('warning', (warning) => host.log.warn(`Logs (${target.project.name}): ${warning}`));
    this.connection = connectionWords(this.logs.connectionState);
    this.logs.start().catch((error: unknown) => {
      this.connection = `The logs could not start: ${(error as Error).message}`;
      this.scheduleStatus();
    });
  }

  get projectName(): string {
    return this.target.project.name;
  }

  /** The filter in the bar, applied here first so the first status the page sees is already filtered. */
  applyFilter(filter: ViewLogFilter): void {
    this.model.setFilter(filter);
    this.post({ type: 'logs/filter', filter });
    this.postStatus();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    LogPanel.open.delete(this.target.folder.uri.toString());
    clearTimeout(this.statusTimer);
    this.logs.removeAllListeners();
    this.logs.dispose();
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private post(message: LogsToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private scheduleStatus(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.postStatus();
    }, STATUS_INTERVAL_MS);
  }

  private postStatus(): void {
    this.post({ type: 'logs/status', ...this.model.status(this.connection) });
  }

  private postConfig(): void {
    const names = new Set(this.target.project.services.map((service) => service.name));
    for (const container of this.logs.containers()) names.add(container.service);
    this.post({
      type: 'logs/config',
      project: this.target.project.name,
      services: [...names].map((name, index) => ({ name, colour: index % 8 })),
      trusted: vscode.workspace.isTrusted,
    });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseLogsFromWebview(raw);
    if (!message) {
      this.host.log.warn('Logs: ignored a malformed message from the view');
      return;
    }
    await this.handle(message);
  }

  private async handle(message: LogsFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.postConfig();
        this.post({ type: 'logs/filter', filter: this.model.currentFilter });
        this.postStatus();
        break;
      case 'logs/setFilter':
        this.model.setFilter(message.filter);
        this.postStatus();
        break;
      case 'logs/window':
        this.post({
          type: 'logs/rows', generation: this.model.generation, start: message.start, total: this.model.total,
          rows: this.model.window(message.start, message.count),
        });
        break;
      case 'logs/pause':
        this.model.setPaused(message.paused);
        this.postStatus();
        break;
      case 'logs/jump':
        this.post({ type: 'logs/jumped', direction: message.direction, index: this.model.jump(message.from, message.direction) });
        break;
      case 'logs/copy': {
        const text = this.model.text(message.start, message.end);
        await vscode.env.clipboard.writeText(text);
        const count = text ? text.split('\n').length - 1 : 0;
        this.post({ type: 'logs/message', text: `Copied ${count} line${count === 1 ? '' : 's'}.` });
        break;
      }
      case 'logs/export':
        await this.export();
        break;
      case 'logs/showInStats':
        await this.showInStats(message.index);
        break;
      default:
        break;
    }
  }

  private async export(): Promise<void> {
    const text = this.model.text();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.target.folder.uri, `${this.target.project.name}-logs-${stamp}.log`),
      filters: { 'Log files': ['log', 'txt'] },
      title: 'Export the lines the log view shows',
    });
    if (!uri) return;
    try {
      if (uri.scheme === 'file') await writeFile(uri.fsPath, text, 'utf8');
      else await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      this.post({ type: 'logs/message', text: `Exported ${this.model.total} lines to ${uri.fsPath}.` });
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not write ${uri.fsPath}: ${(error as Error).message}`);
    }
  }

  /** The stats view's chart of the line's service, at the line's time (if its history still holds it). */
  private async showInStats(index: number): Promise<void> {
    const line = this.model.lineAt(index);
    if (!line) return;
    await vscode.commands.executeCommand('stevedore.containerStats.focus');
    let answer: unknown;
    // The stats view registers its command when it first resolves, which focusing it starts.
    for (let attempt = 0; attempt < 15; attempt++) {
      const known = (await vscode.commands.getCommands(true)).includes('stevedore.stats.showTime');
      if (known) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      answer = await vscode.commands.executeCommand('stevedore.stats.showTime', {
        project: this.target.project.name, service: line.service, time: line.time,
      });
    } catch (error) {
      answer = `Could not show the time in Container stats: ${(error as Error).message}`;
    }
    if (typeof answer === 'string' && answer) this.post({ type: 'logs/message', text: answer });
  }
}

export { EMPTY_FILTER };
