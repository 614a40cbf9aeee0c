// The "Container stats" sidebar view: one ComposeStatsMonitor per workspace folder with a compose
// project (a lease on the host's MonitorRegistry, shared with the load test), its rows sent to the
// webview (history once when the page opens, then the latest rows), service actions (refused in
// Restricted mode), logs, inspect and critical-for-N-seconds notices.
import * as vscode from 'vscode';
import type { FeatureHost, LiveService, LiveServiceSource, StatsFeature } from '../host';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import {
  type ConnectionFix,
  type ConnectionStatus,
  type HistoryPoint,
  type ServiceAction,
  type StatsFromWebview,
  type StatsToWebview,
  isActionAllowed,
  parseStatsFromWebview,
  serviceKey,
} from '../../shared/protocol/stats';
import { DockerConfigError } from '../../docker/connection';
import {
  ComposeFileError,
  type ComposeStatsMonitor,
  DEFAULT_THRESHOLDS,
  MonitorRegistry,
  type MonitorLease,
  friendlyDuration,
  sanitizeThresholds,
  type ConnectionState,
  type CriticalEpisode,
  type ServiceState,
  type Thresholds,
  ServiceHistoryStore,
} from '../../stats';
import { historyPoints, toViewProjects } from './toView';
import { ServiceLogs } from './logs';
import { InspectDocuments } from './inspect';
import {
  PROMETHEUS_SETTING_KEYS,
  readPrometheusSecret,
  readPrometheusSettings,
  setPrometheusSecret as askPrometheusSecret,
  type PrometheusSettings,
} from './prometheusSettings';
import { PrometheusView, isViewRange } from './prometheusView';
import { createScopeReader } from './prometheusReader';

const VIEW_ID = 'stevedore.containerStats';
/** The most stevedore.stats.historyMinutes allows: what the session keeps per service. */
const KEPT_MINUTES = 60;
const MUTED_KEY = 'stevedore.stats.mutedServices';
/** The compose editor's hover shows this much of each service (a sparkline). */
const RECENT_SECONDS = 60;
/** The kept series of a service's busiest replica (its key + this), for right-sizing per container. */
const PER_CONTAINER = '\u0000per-container';
/** The range picker's and the namespace picker's last choice, per workspace. */
const RANGE_KEY = 'stevedore.prometheus.range';
const NAMESPACE_KEY = 'stevedore.prometheus.namespace';

interface FolderMonitor {
  folder: vscode.WorkspaceFolder;
  lease: MonitorLease;
  monitor: ComposeStatsMonitor;
  connection: ConnectionState;
}

interface Settings {
  thresholds: Thresholds;
  notifyAfterSeconds: number;
  historyMinutes: number;
  composeFiles(folder: vscode.WorkspaceFolder): string[];
  projectName(folder: vscode.WorkspaceFolder): string | undefined;
  dockerHost: string;
  collector: 'auto' | 'cgroup' | 'api';
}

function readSettings(): Settings {
  const stats = vscode.workspace.getConfiguration('stevedore.stats');
  const notify = stats.get<number>('notifyAfterSeconds', 0);
  const minutes = stats.get<number>('historyMinutes', KEPT_MINUTES);
  return {
    thresholds: sanitizeThresholds(stats.get('thresholds'), DEFAULT_THRESHOLDS),
    notifyAfterSeconds: Number.isFinite(notify) && notify > 0 ? notify : 0,
    historyMinutes: Number.isFinite(minutes) ? Math.min(KEPT_MINUTES, Math.max(1, minutes)) : KEPT_MINUTES,
    composeFiles: (folder) => {
      const files = vscode.workspace.getConfiguration('stevedore.compose', folder.uri).get<unknown>('files', []);
      return Array.isArray(files) ? files.filter((file): file is string => typeof file === 'string' && file.trim() !== '') : [];
    },
    projectName: (folder) => {
      const name = vscode.workspace.getConfiguration('stevedore.compose', folder.uri).get<unknown>('projectName', '');
      return typeof name === 'string' && name.trim() ? name.trim() : undefined;
    },
    dockerHost: vscode.workspace.getConfiguration('stevedore').get<string>('dockerHost', ''),
    collector: ((value) => (value === 'cgroup' || value === 'api' ? value : 'auto'))(stats.get<string>('collector', 'auto')),
  };
}

/** Everything the view does while it exists; one per resolved view. */
class StatsView implements vscode.Disposable, LiveServiceSource {
  private monitors: FolderMonitor[] = [];
  private noCompose: string | undefined;
  /** A stevedore.dockerHost / DOCKER_HOST / context that cannot be used at all: no retry helps. */
  private badEngineSetting: string | undefined;
  private settings = readSettings();
  private prometheusSettings: PrometheusSettings = readPrometheusSettings();
  /** The Prometheus source, when stevedore.stats.source is prometheus and it could start. */
  private prometheus: PrometheusView | undefined;
  /** Why the Prometheus source could not start (no URL, an unusable one). */
  private prometheusProblem: string | undefined;
  /** Bumped by every restart: a secret read for an older one is dropped. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private postTimer: NodeJS.Timeout | undefined;
  private readonly notifying = new Set<string>();
  /** A notification's "Show" while the page was hidden: VS Code re-creates the page, so send it after 'ready'. */
  private pendingReveal: { project: string; service: string } | undefined;

  constructor(
    private readonly host: FeatureHost,
    private readonly view: vscode.WebviewView,
    private readonly logs: ServiceLogs,
    private readonly inspectDocuments: InspectDocuments,
    /** Outlives this view: the chart history of the session (see keptKey). */
    private readonly kept: ServiceHistoryStore,
  ) {
    const { webview } = view;
    webview.options = webviewOptions(host.context.extensionUri);
    host.webviews.attach('stats', webview, this.disposables);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidChangeVisibility(() => {
        // With Prometheus as the source the folder's monitor only tracks containers (for actions): it stays hidden.
        if (this.prometheusSettings.source === 'engine') for (const { lease } of this.monitors) lease.setInterest({ live: view.visible });
        this.prometheus?.setVisible(view.visible);
      }),
      host.context.secrets.onDidChange((event) => {
        if (this.prometheusSettings.source === 'prometheus' && event.key.startsWith('stevedore.prometheus.')) this.restart();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => this.onConfiguration(event)),
      // The workspace's own stevedore.dockerHost and stevedore.compose.files (restricted settings) apply from now on.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.restart()),
      this.watchComposeFiles(),
      { dispose: host.liveServices.attach(this) },
    );
    webview.html = webviewHtml(webview, host.context.extensionUri, 'stats', 'Container stats');
    if (!vscode.workspace.isTrusted) {
      host.log.info('Container stats in Restricted mode: stevedore.dockerHost and stevedore.compose.files come from your user settings; the workspace\'s own values apply once you trust it.');
    }
    this.restart();
  }

  /** (Re)create the monitors: at start, after a settings change, a compose file appearing, or Retry. */
  restart(): void {
    this.stopMonitors();
    this.settings = readSettings();
    this.prometheusSettings = readPrometheusSettings();
    const prometheus = this.prometheusSettings.source === 'prometheus';
    const kubernetes = prometheus && this.prometheusSettings.kubernetes;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const problems: string[] = [];
    this.badEngineSetting = undefined;
    this.generation++;
    // Kubernetes reads a namespace, not the workspace's compose project: no folder monitors.
    for (const folder of kubernetes ? [] : folders) {
      if (folder.uri.scheme !== 'file') continue;
      let lease: MonitorLease;
      try {
        // Shared with a load test of the same project (its probe): one set of streams for both.
        lease = (this.host.statsMonitors ??= new MonitorRegistry()).acquire({
          folder: folder.uri.fsPath,
          files: this.settings.composeFiles(folder),
          projectName: this.settings.projectName(folder),
          dockerHost: this.settings.dockerHost,
          thresholds: this.settings.thresholds,
          // The charts read `kept`, which outlives the monitor; the monitor's own rings only need a minute.
          historyMinutes: 1,
          criticalForSeconds: this.settings.notifyAfterSeconds || 30,
          statsCollector: this.settings.collector,
          // With Prometheus as the source the monitor only follows the containers: no log streams either.
          countLogErrors: !prometheus,
        }, { live: !prometheus && this.view.visible });
      } catch (error) {
        if (error instanceof DockerConfigError) this.badEngineSetting = error.message;
        else problems.push(error instanceof ComposeFileError ? error.message : `${folder.name}: ${(error as Error).message}`);
        continue;
      }
      const monitor = lease.monitor;
      const entry: FolderMonitor = { folder, lease, monitor, connection: monitor.connectionState };
      lease.on('state', (states) => {
        this.keep(folder, states);
        this.schedulePost();
      });
      lease.on('connection', (state) => {
        entry.connection = state;
        if (prometheus) {
          // Which replicas can be acted on changed.
          this.schedulePost();
          return;
        }
        this.postConnection();
        if (state.state === 'connected') this.postHistory();
      });
      lease.on('critical', (episode) => void this.notifyCritical(episode));
      lease.on('warning', (warning) => this.host.log.warn(`Container stats (${folder.name}): ${warning}`));
      this.monitors.push(entry);
      void monitor.start();
    }
    this.noCompose = !kubernetes && this.monitors.length === 0 && !this.badEngineSetting
      ? problems[0] ?? 'Open a folder that holds a compose file to see its services here.'
      : undefined;
    if (prometheus && !this.noCompose) void this.startPrometheus(this.generation);
    for (const problem of problems) this.host.log.info(`Container stats: ${problem}`);
    this.postConfig();
    this.postConnection();
    this.postProjects();
  }

  dispose(): void {
    this.stopMonitors();
    clearTimeout(this.postTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The Prometheus source, once its secret is read (SecretStorage is asynchronous). */
  private async startPrometheus(generation: number): Promise<void> {
    const settings = this.prometheusSettings;
    this.prometheusProblem = undefined;
    let url: URL | undefined;
    try {
      url = settings.url ? new URL(settings.url) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      this.prometheusProblem = settings.url
        ? `stevedore.prometheus.url (${settings.url}) is not an http:// or https:// address.`
        : vscode.workspace.isTrusted
          ? 'Container stats reads Prometheus (stevedore.stats.source), but stevedore.prometheus.url is not set: set it to the server\'s base URL, e.g. http://127.0.0.1:9090.'
          // A restricted setting: Restricted Mode does not apply it, even where it is set.
          : 'Container stats reads Prometheus (stevedore.stats.source), but stevedore.prometheus.url is not applied in Restricted Mode: trust this workspace to read Prometheus.';
      this.postConnection();
      return;
    }
    const secret = await readPrometheusSecret(this.host, settings);
    if (generation !== this.generation) return;
    const namespace = this.host.context.workspaceState.get<string>(NAMESPACE_KEY) ?? settings.namespace;
    const range = this.host.context.workspaceState.get<unknown>(RANGE_KEY);
    const engineName = this.monitors[0]?.monitor.target.host ?? (this.settings.dockerHost || 'the default engine');
    this.prometheus = new PrometheusView({
      url: settings.url,
      kubernetes: settings.kubernetes,
      namespace,
      range: isViewRange(range) ? range : '1h',
      timeoutSeconds: settings.timeoutSeconds,
      engineName,
      createReader: (scope) => createScopeReader(settings, secret, scope, this.settings.thresholds),
      post: (message) => this.post(message),
      changed: () => this.schedulePost(),
      log: (text) => this.host.log.info(text),
    }, this.monitors.map(({ folder, monitor }) => ({ folder: folder.name, monitor })));
    this.prometheus.setVisible(this.view.visible);
    this.prometheus.postSource();
    this.prometheus.start();
    this.postConnection();
  }

  private stopMonitors(): void {
    this.prometheus?.dispose();
    this.prometheus = undefined;
    // A load test still running keeps the monitor (its streams for its one service); the last lease disposes it.
    for (const { lease } of this.monitors) lease.release();
    this.monitors = [];
  }

  private post(message: StatsToWebview): void {
    void this.view.webview.postMessage(message);
  }

  private postConfig(): void {
    this.post({
      type: 'stats/config',
      trusted: vscode.workspace.isTrusted,
      thresholds: this.settings.thresholds,
      historySeconds: this.settings.historyMinutes * 60,
    });
    if (this.prometheus) this.prometheus.postSource();
    else if (this.prometheusSettings.source === 'engine') this.post({ type: 'stats/source', view: { source: 'engine' } });
  }

  private connectionStatus(): { status: ConnectionStatus; message: string; fix?: ConnectionFix } {
    if (this.noCompose) return { status: 'no-compose', message: this.noCompose };
    if (this.prometheusSettings.source === 'prometheus') {
      if (this.prometheusProblem) return { status: 'source-down', message: this.prometheusProblem, fix: 'openSettings' };
      return this.prometheus?.connection() ?? { status: 'connecting', message: `Reading Prometheus at ${this.prometheusSettings.url}…` };
    }
    if (this.badEngineSetting) return { status: 'engine-down', message: this.badEngineSetting };
    const down = this.monitors.find((m) => m.connection.state === 'disconnected');
    if (down && down.connection.state === 'disconnected') {
      const seconds = Math.max(1, Math.round(down.connection.retryInMs / 1000));
      return { status: 'engine-down', message: `${down.connection.message} Retrying by itself in ${seconds} s.` };
    }
    const connecting = this.monitors.find((m) => m.connection.state === 'connecting');
    if (connecting) return { status: 'connecting', message: `Connecting to the Docker engine at ${connecting.connection.host}…` };
    return { status: 'connected', message: '' };
  }

  private postConnection(): void {
    this.post({ type: 'stats/connection', ...this.connectionStatus() });
  }

  /** The monitors emit at most once a second each; several folders are coalesced into one message. */
  private schedulePost(): void {
    if (this.postTimer) return;
    this.postTimer = setTimeout(() => {
      this.postTimer = undefined;
      this.postProjects();
    }, 50);
  }

  private postProjects(): void {
    if (this.prometheusSettings.source === 'prometheus') {
      const projects = this.prometheus?.projects() ?? [];
      this.post({ type: 'stats/hosts', hosts: this.prometheus?.hosts() ?? [] });
      this.post({ type: 'stats/projects', at: this.prometheus?.latestAt() ?? Date.now() / 1000, projects });
      this.postConnection();
      this.updateTitle(projects);
      return;
    }
    const folders = this.monitors
      .filter((m) => m.connection.state === 'connected')
      .map((m) => ({ folder: m.folder.name, services: m.monitor.states() }));
    const projects = toViewProjects(folders);
    this.post({ type: 'stats/projects', at: Date.now() / 1000, projects });
    this.updateTitle(projects);
    this.host.liveServices.changed();
  }

  /** What the compose editor shows above each service and uses to right-size it (LiveServiceSource). */
  services(): LiveService[] {
    const now = Date.now();
    const live: LiveService[] = [];
    for (const { folder, monitor, connection } of this.monitors) {
      if (connection.state !== 'connected') continue;
      for (const state of monitor.states()) {
        const running = state.containers.filter((c) => c.state === 'running').length;
        const key = keptKey(folder, state.project, state.service);
        const recent = this.kept.points(key, now - RECENT_SECONDS * 1000);
        const perContainer = this.kept.points(`${key}${PER_CONTAINER}`, now - this.settings.historyMinutes * 60_000);
        const limit = state.declared.memoryLimitBytes;
        const total = running > 0 ? state.total : undefined;
        live.push({
          folder: folder.uri.toString(),
          composeFiles: monitor.composeProject.configFiles,
          project: state.project,
          service: state.service,
          running,
          containers: state.containers.length,
          ...(total ? { cpuPercent: total.cpuPercent, memoryUsageBytes: total.memoryUsageBytes } : {}),
          ...(limit !== undefined ? { memoryLimitBytes: limit * Math.max(1, running) } : {}),
          ...(perContainer.time.length > 0 ? {
            peak: {
              memoryBytes: Math.max(...perContainer.memoryUsageBytes),
              cpuPercent: Math.max(...perContainer.cpuPercent),
              windowSeconds: Math.max(1, (now - perContainer.time[0]) / 1000),
            },
          } : {}),
          recent: { cpuPercent: recent.cpuPercent, memoryUsageBytes: recent.memoryUsageBytes },
        });
      }
    }
    return live;
  }

  /** Open the view on a service's row (from the compose editor's CodeLens). */
  reveal(project: string, service: string): void {
    const wasVisible = this.view.visible;
    this.pendingReveal = { project, service };
    void vscode.commands.executeCommand(`${VIEW_ID}.focus`).then(() => {
      if (!wasVisible || !this.pendingReveal) return;
      this.post({ type: 'stats/reveal', ...this.pendingReveal });
      this.pendingReveal = undefined;
    });
  }

  /** The view's header names the projects; the activity bar badge counts critical services. */
  private updateTitle(projects: ReturnType<typeof toViewProjects>): void {
    const description = projects.map((p) => p.project).join(', ');
    if (this.view.description !== description) this.view.description = description;
    const critical = projects.flatMap((p) => p.services).filter((s) => s.cpuLevel === 'critical' || s.memoryLevel === 'critical');
    const value = critical.length;
    if ((this.view.badge?.value ?? 0) === value) return;
    this.view.badge = value
      ? { value, tooltip: `Critical: ${critical.map((s) => s.service).join(', ')}` }
      : undefined;
  }

  /** Each running service's total, once per tick of its monitor (one a second while the view is visible). */
  private keep(folder: vscode.WorkspaceFolder, states: ServiceState[]): void {
    const now = Date.now();
    for (const state of states) {
      if (!state.total) continue;
      const { cpuPercent, memoryUsageBytes } = state.total;
      const key = keptKey(folder, state.project, state.service);
      this.kept.record(key, now, cpuPercent, memoryUsageBytes);
      // Limits are per container: right-sizing needs the busiest replica, not the sum.
      const samples = state.containers.filter((c) => c.state === 'running' && c.sample).map((c) => c.sample!);
      if (samples.length > 0) {
        const cpu = Math.max(...samples.map((s) => s.cpuPercent));
        this.kept.record(`${key}${PER_CONTAINER}`, now, cpu, Math.max(...samples.map((s) => s.memoryUsageBytes)));
      }
    }
  }

  /** The kept points of a service within stevedore.stats.historyMinutes, as chart points. */
  private keptHistory(folder: vscode.WorkspaceFolder, project: string, service: string): HistoryPoint[] {
    const since = Date.now() - this.settings.historyMinutes * 60_000;
    return historyPoints(this.kept.points(keptKey(folder, project, service), since));
  }

  private postHistory(): void {
    if (this.prometheusSettings.source === 'prometheus') {
      this.prometheus?.postHistory();
      return;
    }
    const series: Record<string, HistoryPoint[]> = {};
    for (const { monitor, folder } of this.monitors) {
      for (const state of monitor.states()) {
        const points = this.keptHistory(folder, state.project, state.service);
        if (points.length) series[serviceKey(state.project, state.service)] = points;
      }
    }
    this.post({ type: 'stats/history', series });
  }

  private onMessage(raw: unknown): void {
    const message = parseStatsFromWebview(raw);
    if (!message) {
      this.host.log.warn('Container stats: ignored a malformed message from the view');
      return;
    }
    switch (message.type) {
      case 'ready':
        // The page is new (first open, or VS Code re-created it after it was hidden): send it everything.
        this.postConfig();
        this.postConnection();
        this.postProjects();
        this.postHistory();
        if (this.pendingReveal) this.post({ type: 'stats/reveal', ...this.pendingReveal });
        this.pendingReveal = undefined;
        break;
      case 'stats/action':
        void this.runAction(message);
        break;
      case 'stats/pickComposeFile':
        void chooseComposeFiles();
        break;
      case 'stats/retry':
        this.restart();
        break;
      case 'stats/setRange':
        void this.host.context.workspaceState.update(RANGE_KEY, message.range);
        this.prometheus?.setRange(message.range);
        this.prometheus?.postSource();
        break;
      case 'stats/setNamespace':
        // Only a namespace the server listed (or the configured one): the page's word is not trusted blindly.
        if (this.prometheus && (this.prometheus.knownNamespaces().includes(message.namespace)
          || message.namespace === this.prometheusSettings.namespace)) {
          void this.host.context.workspaceState.update(NAMESPACE_KEY, message.namespace).then(() => this.restart());
        }
        break;
      case 'stats/fix':
        if (message.fix === 'setSecret') void vscode.commands.executeCommand('stevedore.prometheus.setSecret');
        else void vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.prometheus');
        break;
      default:
        break;
    }
  }

  private onConfiguration(event: vscode.ConfigurationChangeEvent): void {
    const restartKeys = [
      'stevedore.compose.files', 'stevedore.compose.projectName', 'stevedore.dockerHost', 'stevedore.stats.historyMinutes',
      'stevedore.stats.notifyAfterSeconds', 'stevedore.stats.collector', ...PROMETHEUS_SETTING_KEYS,
    ];
    if (restartKeys.some((key) => event.affectsConfiguration(key))) {
      this.restart();
      return;
    }
    if (event.affectsConfiguration('stevedore.stats.thresholds')) {
      // The Prometheus snapshots are levelled by the engine with these thresholds: read them again.
      if (this.prometheusSettings.source === 'prometheus') {
        this.restart();
        return;
      }
      this.settings = readSettings();
      for (const { monitor } of this.monitors) monitor.setThresholds(this.settings.thresholds);
      this.postConfig();
    }
  }

  /** A compose file created, changed or deleted: read the project again. */
  private watchComposeFiles(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{compose,docker-compose}*.{yml,yaml}');
    let timer: NodeJS.Timeout | undefined;
    const changed = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (this.monitors.length === 0) this.restart();
        else for (const { monitor, folder } of this.monitors) {
          monitor.reloadCompose().catch((error: unknown) => this.host.log.warn(`Container stats (${folder.name}): ${(error as Error).message}`));
        }
      }, 500);
    };
    return vscode.Disposable.from(
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
      { dispose: () => clearTimeout(timer) },
    );
  }

  private monitorOf(project: string, service: string): ComposeStatsMonitor | undefined {
    return this.monitors.find(({ monitor }) =>
      monitor.states().some((s) => s.project === project && s.service === service),
    )?.monitor;
  }

  /** Run a validated action. Actions that run something are refused in Restricted mode, whatever the page says. */
  async runAction(request: Extract<StatsFromWebview, { type: 'stats/action' }>): Promise<void> {
    const { action, project, service, containerId } = request;
    if (!isActionAllowed(action, vscode.workspace.isTrusted)) {
      this.host.log.warn(`Container stats: refused to ${action} ${service} (${project}) in Restricted mode`);
      const manage = 'Manage Workspace Trust';
      const choice = await vscode.window.showWarningMessage(
        `Stevedore does not ${action} containers in Restricted mode. Trust this workspace to ${action} "${service}".`,
        manage,
      );
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const monitor = this.monitorOf(project, service);
    if (!monitor) {
      void vscode.window.showWarningMessage(`The service "${service}" of ${project} is no longer shown in Container stats; nothing was done.`);
      return;
    }
    const state = monitor.states().find((s) => s.project === project && s.service === service);
    const container = containerId ? state?.containers.find((c) => c.containerId.startsWith(containerId)) : undefined;
    const elsewhere = containerId && !container
      ? this.prometheus?.hostOfReplica(project, service, containerId)
      : undefined;
    if (elsewhere) {
      void vscode.window.showWarningMessage(
        `That replica of "${service}" runs on ${elsewhere}, whose engine Stevedore does not reach (${monitor.target.host}); nothing was done.`);
      return;
    }
    if (containerId && !container) {
      void vscode.window.showWarningMessage(`That container of "${service}" is gone; nothing was done.`);
      return;
    }
    const refusal = !containerId ? this.prometheus?.serviceRefusal(project, service, action) : undefined;
    if (refusal) {
      this.host.log.warn(`Container stats: ${refusal}`);
      void vscode.window.showWarningMessage(refusal);
      return;
    }
    try {
      switch (action) {
        case 'start':
        case 'stop':
        case 'restart':
          await this.runEngineAction(monitor, action, service);
          break;
        case 'errors':
          // The log view (logs feature bundle), filtered to the service's error lines.
          await vscode.commands.executeCommand('stevedore.showLogs', { project: this.folderProjectName(monitor), service, levels: ['error'] });
          break;
        case 'shell':
          await vscode.commands.executeCommand('stevedore.openShell', { project: this.folderProjectName(monitor), service, containerId: container?.containerId });
          break;
        case 'browser':
          await vscode.commands.executeCommand('stevedore.openInBrowser', { project: this.folderProjectName(monitor), service, containerId: container?.containerId });
          break;
        case 'load':
          await vscode.commands.executeCommand('stevedore.load.run', { project: this.folderProjectName(monitor), service });
          break;
        case 'logs':
          this.logs.show(project, service, container?.container, (onLine) => monitor.followLogs(service, onLine));
          break;
        case 'inspect': {
          const targets = container ? [container] : (state?.containers ?? []);
          if (targets.length === 0) {
            void vscode.window.showInformationMessage(`"${service}" has no container to inspect yet: start it first.`);
            return;
          }
          // Like `docker inspect a b`: an array, one entry per container.
          const json = await Promise.all(targets.map((c) => monitor.inspect(c.containerId)));
          await this.inspectDocuments.open(container ? container.container : `${project}-${service}`, json);
          break;
        }
      }
    } catch (error) {
      const text = `Could not ${action} "${service}" (${project}): ${(error as Error).message}`;
      this.host.log.error(text);
      void vscode.window.showErrorMessage(text);
    }
  }

  /** The compose project's name as the logs feature loads it (the folder's project, not a container label). */
  private folderProjectName(monitor: ComposeStatsMonitor): string {
    return monitor.composeProject.name;
  }

  /**
   * Mark a log line's time on a service's chart: open the row and its chart when the history holds
   * that time; otherwise say what the history covers.
   */
  showTime(project: string, service: string, timeMs: number): string {
    const entry = this.monitors.find(({ monitor }) => monitor.composeProject.name === project
      || monitor.states().some((s) => s.project === project && s.service === service));
    const state = entry?.monitor.states().find((s) => s.service === service);
    if (!entry || !state) return `Container stats does not show "${service}" (${project}).`;
    const history = this.keptHistory(entry.folder, state.project, service);
    const first = history[0]?.[0];
    const last = history[history.length - 1]?.[0];
    const at = timeMs / 1000;
    if (first === undefined || last === undefined || at < first - 1 || at > last + 2) {
      const covers = first === undefined ? 'no samples yet'
        : `${new Date(first * 1000).toLocaleTimeString()}–${new Date(last! * 1000).toLocaleTimeString()}`;
      return `The stats history of "${service}" does not hold ${new Date(timeMs).toLocaleTimeString()} (it covers ${covers}; `
        + 'stevedore.stats.historyMinutes sets how far back it goes).';
    }
    this.post({ type: 'stats/reveal', project: state.project, service, time: at });
    return '';
  }

  private async runEngineAction(monitor: ComposeStatsMonitor, action: Extract<ServiceAction, 'start' | 'stop' | 'restart'>, service: string): Promise<void> {
    const verb = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' }[action];
    const result = await vscode.window.withProgress(
      { location: { viewId: VIEW_ID }, title: `${verb} ${service}` },
      () => (action === 'start' ? monitor.startService(service) : action === 'stop' ? monitor.stopService(service) : monitor.restartService(service)),
    );
    this.host.log.info(`Container stats: ${result}`);
  }

  /** Once per episode (the engine's detector), never while one is open for the service, never when muted. */
  private async notifyCritical(episode: CriticalEpisode): Promise<void> {
    if (this.settings.notifyAfterSeconds <= 0) return;
    const key = serviceKey(episode.project, episode.service);
    const muted = this.host.context.workspaceState.get<string[]>(MUTED_KEY, []);
    if (muted.includes(key) || this.notifying.has(key)) return;
    this.notifying.add(key);
    try {
      const what = episode.metric === 'cpu'
        ? `CPU at ${episode.value.toFixed(0)}% (critical above ${this.settings.thresholds.cpu.critical}%)`
        : `memory at ${episode.value.toFixed(0)}% of its limit (critical above ${this.settings.thresholds.memory.critical}%)`;
      const show = 'Show';
      const mute = "Don't notify again for this service";
      // Undo with the command "Stevedore: Notify again about every service in Container stats".
      const choice = await vscode.window.showWarningMessage(
        `"${episode.service}" (${episode.project}) has been critical for ${friendlyDuration(episode.criticalForMs)}: ${what}.`,
        show,
        mute,
      );
      if (choice === show) {
        const wasVisible = this.view.visible;
        this.pendingReveal = { project: episode.project, service: episode.service };
        await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
        if (wasVisible) {
          this.post({ type: 'stats/reveal', ...this.pendingReveal });
          this.pendingReveal = undefined;
        }
      } else if (choice === mute) {
        await this.host.context.workspaceState.update(MUTED_KEY, [...muted, key]);
      }
    } finally {
      this.notifying.delete(key);
    }
  }
}

/** Let the user pick compose files; saved in the workspace folder's stevedore.compose.files. */
async function chooseComposeFiles(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Use for Container stats',
    title: 'Choose the compose files of this workspace (like docker compose -f)',
    filters: { 'Compose files': ['yml', 'yaml'] },
    defaultUri: folders[0]?.uri,
  });
  if (!chosen?.length) return;
  const folder = vscode.workspace.getWorkspaceFolder(chosen[0]) ?? folders[0];
  const files = chosen.map((uri) => {
    const owner = vscode.workspace.getWorkspaceFolder(uri);
    return owner && owner === folder ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
  });
  const target =
    folder && folders.length > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
  await vscode.workspace.getConfiguration('stevedore.compose', folder?.uri).update('files', files, target);
  if (!vscode.workspace.isTrusted) {
    // VS Code gives Stevedore no workspace value of a restricted setting until the workspace is trusted.
    const manage = 'Manage Workspace Trust';
    const choice = await vscode.window.showInformationMessage(
      `Saved ${files.join(', ')} in this workspace's stevedore.compose.files. Container stats uses it once you trust this workspace; until then it reads the compose file found in the folder.`,
      manage,
    );
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  }
}

// One of each for the whole extension host: the view may be resolved again after it is closed.
let current: StatsView | undefined;
let shared: { logs: ServiceLogs; inspect: InspectDocuments; kept: ServiceHistoryStore } | undefined;

/** A service's key in the session's history: its folder too, so two folders' "web" never mix. */
const keptKey = (folder: vscode.WorkspaceFolder, project: string, service: string): string =>
  `${folder.uri.toString()}\u0000${serviceKey(project, service)}`;

/** Commands of the view's title bar and of the rows' context menu (data-vscode-context). */
function registerCommands(host: FeatureHost): void {
  const fromContext = (action: ServiceAction) => (context: unknown): void => {
    const record = (typeof context === 'object' && context !== null ? context : {}) as Record<string, unknown>;
    const request = parseStatsFromWebview({ type: 'stats/action', action, project: record.project, service: record.service, containerId: record.containerId });
    if (request?.type === 'stats/action') void current?.runAction(request);
  };
  host.context.subscriptions.push(
    vscode.commands.registerCommand('stevedore.stats.chooseComposeFiles', () => chooseComposeFiles()),
    vscode.commands.registerCommand('stevedore.stats.reconnect', () => current?.restart()),
    vscode.commands.registerCommand('stevedore.stats.notifyAgain', async () => {
      const muted = host.context.workspaceState.get<string[]>(MUTED_KEY, []);
      await host.context.workspaceState.update(MUTED_KEY, []);
      void vscode.window.showInformationMessage(muted.length
        ? `Container stats will notify again about ${muted.join(', ')} when they stay critical.`
        : 'No service was muted: Container stats notifies about every service (when stevedore.stats.notifyAfterSeconds is above 0).');
    }),
    vscode.commands.registerCommand('stevedore.stats.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:stevedore-dev.stevedore stevedore.stats stevedore.compose')),
    vscode.commands.registerCommand('stevedore.stats.showTime', (args: unknown) => {
      const record = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
      const { project, service, time } = record;
      if (typeof project !== 'string' || typeof service !== 'string' || typeof time !== 'number' || !Number.isFinite(time)) return 'Nothing to show.';
      return current ? current.showTime(project, service, time) : 'Open the Container stats view first.';
    }),
    ...(['start', 'stop', 'restart', 'logs', 'inspect', 'errors', 'shell', 'browser'] as const).map((action) =>
      vscode.commands.registerCommand(`stevedore.stats.${action}`, fromContext(action))),
  );
  void vscode.commands.executeCommand('setContext', 'stevedore.statsLoaded', true);
}

export const feature: StatsFeature = {
  resolveStatsView(host: FeatureHost, view: vscode.WebviewView): void {
    if (!shared) {
      const kept = new ServiceHistoryStore({ capacity: KEPT_MINUTES * 60 });
      shared = { logs: new ServiceLogs(), inspect: new InspectDocuments(), kept };
      host.context.subscriptions.push(shared.logs, shared.inspect, { dispose: () => current?.dispose() });
      registerCommands(host);
    }
    current?.dispose();
    const statsView = new StatsView(host, view, shared.logs, shared.inspect, shared.kept);
    current = statsView;
    view.onDidDispose(() => {
      statsView.dispose();
      if (current === statsView) current = undefined;
    });
  },
  async setPrometheusSecret(host: FeatureHost): Promise<boolean> {
    const changed = await askPrometheusSecret(host);
    // The view reads the secret when its source starts: start again with the new one.
    if (changed) current?.restart();
    return changed;
  },
};
export const resolveStatsView = feature.resolveStatsView;
export const setPrometheusSecret = feature.setPrometheusSecret;
