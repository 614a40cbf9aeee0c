// What the activation path hands to each lazily loaded feature bundle. Features are separate
// bundles, so anything they share (the output channel, the live webviews) travels in this object.
import type * as vscode from 'vscode';
import type { CommonFromWebview, WebviewName } from '../shared/protocol/common';
import type { MonitorRegistry } from '../stats';

export interface FeatureHost {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  webviews: WebviewRegistry;
  /** What the Container stats view watches, for the compose editor's CodeLens, hovers and right-sizing. */
  liveServices: LiveServices;
  /**
   * The stats monitors of compose projects, one per project and engine, shared by the Container stats
   * view and the load test: the first bundle to need it creates it (`host.statsMonitors ??= new MonitorRegistry()`).
   */
  statsMonitors?: MonitorRegistry;
}

/** A feature bundle's entry points; each bundle exports exactly one of these. */
export interface DockerfileFeature {
  activate(host: FeatureHost): void;
}
export interface ImageFeature {
  analyzeImage(host: FeatureHost, target?: unknown): Promise<void>;
  /** Bring back an Analyze panel after a reload, from the state its page kept. */
  restorePanel(host: FeatureHost, panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}
export interface StatsFeature {
  resolveStatsView(host: FeatureHost, view: vscode.WebviewView, token: vscode.CancellationToken): void | Thenable<void>;
  /** "Set Prometheus Token or Password…": resolves true when a secret was saved or removed. */
  setPrometheusSecret(host: FeatureHost): Promise<boolean>;
}

export interface ComposeFeature {
  activate(host: FeatureHost): void;
}

export interface LogsFeature {
  /** Show a compose project's log view; from a stats row, filtered to its service (and levels, e.g. errors). */
  showLogs(host: FeatureHost, args?: unknown): Promise<void>;
  /** A terminal with a shell in a service's replica; resolves with a handle the extension test reads. */
  openShell(host: FeatureHost, args?: unknown): Promise<unknown>;
  /** Open a published HTTP port of a service; resolves with the URL opened. */
  openInBrowser(host: FeatureHost, args?: unknown): Promise<string | undefined>;
}

type Pong = Extract<CommonFromWebview, { type: 'pong' }>;

/** The live webviews by name, so tests (and commands) can reach them. */
export class WebviewRegistry {
  private readonly views = new Map<WebviewName, vscode.Webview>();
  private readonly waiting = new Map<number, (pong: Pong) => void>();
  private nextId = 1;

  attach(name: WebviewName, webview: vscode.Webview, disposables: vscode.Disposable[]): void {
    this.views.set(name, webview);
    disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        const pong = message as Partial<Pong> | undefined;
        if (pong?.type === 'pong' && typeof pong.id === 'number') this.waiting.get(pong.id)?.(pong as Pong);
      }),
      { dispose: () => this.views.get(name) === webview && this.views.delete(name) },
    );
  }

  get(name: WebviewName): vscode.Webview | undefined {
    return this.views.get(name);
  }

  /** Ask a view's page to answer; resolves with its pong or rejects after `timeoutMs`. */
  ping(name: WebviewName, timeoutMs = 10_000): Promise<Pong> {
    const webview = this.views.get(name);
    if (!webview) return Promise.reject(new Error(`The ${name} view is not open`));
    const id = this.nextId++;
    return new Promise<Pong>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`The ${name} view did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (pong) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(pong);
      });
      void webview.postMessage({ type: 'ping', id });
    });
  }
}

/** One service as the Container stats view last saw it (the stats bundle publishes, others read). */
export interface LiveService {
  /** The workspace folder (URI string) whose compose project it belongs to. */
  folder: string;
  /** Absolute paths of the compose files the stats view resolved the project from. */
  composeFiles: string[];
  project: string;
  service: string;
  /** Containers running, and all containers of the service. */
  running: number;
  containers: number;
  /** Summed over running replicas; absent until the first sample. */
  cpuPercent?: number;
  memoryUsageBytes?: number;
  /** The compose file's memory limit per replica × replicas, when it declares one. */
  memoryLimitBytes?: number;
  /** Per-container peaks within the kept window (the session's last hour at most). */
  peak?: { memoryBytes: number; cpuPercent: number; windowSeconds: number };
  /** The last minute or so, oldest first, one point a second while watched: CPU % and memory bytes (sums). */
  recent: { cpuPercent: number[]; memoryUsageBytes: number[] };
}

export interface LiveServiceSource {
  services(): LiveService[];
  /** Show the service in the Container stats view (open it, scroll to and expand the row). */
  reveal(project: string, service: string): void;
}

/**
 * A small board between feature bundles: each is its own module, so the stats bundle's state reaches the
 * compose editor only through this object, never through an import (no cycle, no second monitor).
 */
export class LiveServices {
  private source: LiveServiceSource | undefined;
  private readonly listeners = new Set<() => void>();

  /** The stats view sets itself as the source while it exists; the returned function removes it. */
  attach(source: LiveServiceSource): () => void {
    this.source = source;
    this.changed();
    return () => {
      if (this.source !== source) return;
      this.source = undefined;
      this.changed();
    };
  }

  get watching(): boolean {
    return this.source !== undefined;
  }

  services(): LiveService[] {
    return this.source?.services() ?? [];
  }

  reveal(project: string, service: string): boolean {
    if (!this.source) return false;
    this.source.reveal(project, service);
    return true;
  }

  /** Called by the source when its numbers changed (at most once a second). */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
