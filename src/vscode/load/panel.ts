// The load test panel of one service: the form, then the run (the load engine, src/load, with an
// AbortSignal and a tick a second), then the result card compared with the service's previous run.
// The page is re-created when hidden, so what it shows is kept here and replayed on 'ready'.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  type LoadFormValues,
  type LoadFromWebview,
  type LoadLimits,
  type LoadTick,
  type LoadToWebview,
  describeSettings,
  parseLoadFromWebview,
  validateLoadForm,
} from '../../shared/protocol/load';
import { MonitorRegistry } from '../../stats';
import type { FeatureHost } from '../host';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { type EngineRun, compareRuns, remoteHost, startRun } from './engine';
import { type StoredRun, previousRun, rememberRun, lastValues } from './history';
import type { ServiceTarget } from './target';

export interface LoadSettings {
  defaults: LoadFormValues;
  limits: LoadLimits;
}

type Done = Extract<LoadToWebview, { type: 'load/done' }>;
type Started = Extract<LoadToWebview, { type: 'load/started' }>;

export class LoadPanel implements vscode.Disposable {
  private static readonly open = new Map<string, LoadPanel>();
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  /** What the page shows, replayed when VS Code re-creates it. */
  private shown: { started?: Started; ticks: LoadTick[]; done?: Done; error?: string } | undefined;
  private lastRun: StoredRun | undefined;
  /** Messages go out only once the page said 'ready' (before, they would be lost or doubled by the replay). */
  private pageReady = false;
  private disposed = false;

  static show(host: FeatureHost, target: ServiceTarget, settings: LoadSettings): LoadPanel {
    const key = LoadPanel.keyOf(target);
    let panel = LoadPanel.open.get(key);
    if (panel) {
      panel.target = target;
      panel.settings = settings;
      panel.panel.reveal(undefined, false);
    } else {
      panel = new LoadPanel(host, target, settings);
      LoadPanel.open.set(key, panel);
    }
    return panel;
  }

  /** Stop every running load test; how many were running. */
  static cancelAll(): number {
    const running = [...LoadPanel.open.values()].filter((panel) => panel.running);
    for (const panel of running) panel.running?.controller.abort();
    return running.length;
  }

  /** The panel whose run the extension test waits for. */
  static find(project: string, service: string): LoadPanel | undefined {
    return [...LoadPanel.open.values()]
      .find((p) => p.target.target.project.name === project && p.target.service === service);
  }

  private static keyOf(target: ServiceTarget): string {
    return `${target.target.folder.uri.toString()}\u0000${target.service}`;
  }

  private constructor(
    private readonly host: FeatureHost,
    private target: ServiceTarget,
    private settings: LoadSettings,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      'stevedore.load',
      `Load test: ${target.service}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(host.context.extensionUri),
    );
    this.panel.iconPath = vscode.Uri.joinPath(host.context.extensionUri, 'media', 'stevedore.svg');
    const { webview } = this.panel;
    host.webviews.attach('load', webview, this.disposables);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      // A hidden page is thrown away; the new one says 'ready' and gets everything again.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.pageReady = false;
      }),
    );
    webview.html = webviewHtml(webview, host.context.extensionUri, 'load', `Load test: ${target.service}`);
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when the current run (if any) has ended and its card was sent. */
  async settled(): Promise<void> {
    await this.running?.done;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Closing the panel stops its traffic.
    this.running?.controller.abort();
    LoadPanel.open.delete(LoadPanel.keyOf(this.target));
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private post(message: LoadToWebview): void {
    if (!this.disposed && this.pageReady) void this.panel.webview.postMessage(message);
  }

  private formValues(): LoadFormValues {
    return lastValues(this.host.context.workspaceState, this.target) ?? this.settings.defaults;
  }

  postForm(values = this.formValues()): void {
    this.shown = undefined;
    this.post({
      type: 'load/form',
      project: this.target.target.project.name,
      service: this.target.service,
      targets: this.target.choices,
      values,
      limits: this.settings.limits,
      trusted: vscode.workspace.isTrusted,
    });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseLoadFromWebview(raw);
    if (!message) {
      this.host.log.warn('Load test: ignored a malformed message from the panel');
      return;
    }
    await this.handle(message);
  }

  private async handle(message: LoadFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        this.replay();
        break;
      case 'load/submit':
        await this.start(message.url, message.values);
        break;
      case 'load/cancel':
        this.running?.controller.abort();
        break;
      case 'load/again':
        if (!this.running) this.postForm();
        break;
      case 'load/export':
        await this.export();
        break;
      default:
        break;
    }
  }

  private replay(): void {
    const shown = this.shown;
    if (!shown) {
      this.postForm();
      return;
    }
    if (shown.started) this.post(shown.started);
    for (const tick of shown.ticks) this.post({ type: 'load/tick', tick });
    if (shown.done) this.post(shown.done);
    if (shown.error) this.post({ type: 'load/error', message: shown.error });
  }

  /**
   * Validate again (the page is not trusted to have), ask before sending traffic to a host that is
   * not this machine, then run. Only one run at a time per panel.
   */
  async start(url: string, values: LoadFormValues): Promise<void> {
    if (this.running) return;
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'load/error', message: 'Stevedore does not send load in Restricted mode: trust this workspace first.' });
      return;
    }
    if (!this.target.choices.some((choice) => choice.url === url)) {
      this.post({ type: 'load/error', message: `${url} is not a port "${this.target.service}" publishes.` });
      return;
    }
    const problems = validateLoadForm(values, this.settings.limits);
    if (problems.length) {
      this.post({ type: 'load/error', message: problems.map((p) => p.message).join(' ') });
      return;
    }
    let allowRemote = false;
    const remote = remoteHost(url, this.target.workspacePorts);
    if (remote) {
      const send = `Send load to ${remote}`;
      const choice = await vscode.window.showWarningMessage(
        `${url} is not on this machine: the load test would send ${describeSettings(values)} to ${remote}. Only do this to a host you run.`,
        { modal: true },
        send,
      );
      if (choice !== send) {
        this.post({ type: 'load/message', text: `Nothing was sent to ${remote}.` });
        this.postForm(values);
        return;
      }
      allowRemote = true;
    }
    const controller = new AbortController();
    const done = this.run(url, values, controller, allowRemote).finally(() => {
      this.running = undefined;
    });
    this.running = { controller, done };
    await done;
  }

  private async run(
    url: string,
    values: LoadFormValues,
    controller: AbortController,
    allowRemote: boolean,
  ): Promise<void> {
    const settings = describeSettings(values);
    const expectedSeconds = values.mode === 'duration' ? values.durationSeconds : 0;
    const started: Started = {
      type: 'load/started',
      project: this.target.target.project.name,
      service: this.target.service,
      url,
      settings,
      startedAt: Date.now() / 1000,
      expectedSeconds,
      expectedRequests: values.mode === 'requests' ? values.requests : 0,
      memoryLimitBytes: this.target.memoryLimitBytes,
    };
    this.shown = { started, ticks: [] };
    this.post(started);
    this.host.log.info(`Load test: ${settings} to ${url} (${this.target.service}, ${this.target.target.project.name})`);
    let run: EngineRun;
    try {
      // The status bar shows it while the panel is hidden; Cancel is the panel's (and closing it).
      run = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Load test: ${this.target.service}` },
        (progress) => startRun({
          url, values, target: this.target, allowRemote, signal: controller.signal,
          trafficWorker: vscode.Uri.joinPath(this.host.context.extensionUri, 'dist', 'features', 'load-worker.js').fsPath,
          monitors: this.host.statsMonitors ??= new MonitorRegistry(),
          statsCollector: ((value) => (value === 'cgroup' || value === 'api' ? value : 'auto'))(
            vscode.workspace.getConfiguration('stevedore.stats').get<string>('collector', 'auto')),
          onTick: (tick) => {
            this.shown?.ticks.push(tick);
            this.post({ type: 'load/tick', tick });
            progress.report({ message: `${Math.round(tick.requestsPerSecond)} req/s` });
          },
        }),
      );
    } catch (error) {
      const text = `The load test of "${this.target.service}" stopped: ${(error as Error).message}`;
      this.host.log.error(text);
      if (this.shown) this.shown.error = text;
      this.post({ type: 'load/error', message: text });
      return;
    }
    const stored: StoredRun = { at: Date.now(), url, values, view: run.view, result: run.json };
    const previous = previousRun(this.host.context.workspaceState, this.target);
    const comparison = previous ? compareRuns(previous, stored) : [];
    await rememberRun(this.host.context.workspaceState, this.target, stored);
    this.lastRun = stored;
    const doneMessage: Done = { type: 'load/done', result: run.view, comparison, previousAt: previous?.at ?? null };
    if (this.shown) this.shown.done = doneMessage;
    this.post(doneMessage);
    this.host.log.info(`Load test of ${this.target.service}: ${run.view.requests} requests, ${run.view.requestsPerSecond.toFixed(1)} req/s, p95 ${run.view.latencyMs.p95.toFixed(1)} ms${comparison.length ? `; ${comparison.join(', ')}` : ''}`);
  }

  /** The result as `stevedore load --format json` writes it, so `--compare FILE` reads an export. */
  private async export(): Promise<void> {
    const run = this.lastRun;
    if (!run) return;
    const stamp = new Date(run.at).toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.target.target.folder.uri, `load-${this.target.service}-${stamp}.json`),
      filters: { JSON: ['json'] },
      title: `Export the load test result of ${this.target.service}`,
    });
    if (!uri) return;
    const text = `${JSON.stringify(run.result, null, 2)}\n`;
    try {
      if (uri.scheme === 'file') await writeFile(uri.fsPath, text, 'utf8');
      else await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      this.post({ type: 'load/message', text: `Exported to ${uri.fsPath}.` });
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not write ${uri.fsPath}: ${(error as Error).message}`);
    }
  }
}
