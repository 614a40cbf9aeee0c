// ComposeStatsMonitor: live stats of a folder's compose services. It composes three parts, each in
// its own file: the engine session (connection, backoff, events, resync: engineSession.ts), the
// containers' stats and log streams (containerStreams.ts; rates in calculate.ts) and the service
// actions (actions.ts). Here: the per-service totals, history and critical episodes, and 'state'
// emitted at most once a second.
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { resolveDockerTarget, type DockerTarget } from '../docker/connection';
import { ownedDockerClient } from './engineClient';
import { followServiceLogs, inspectContainer, restartService, startService, stopService, type ServiceActionScope } from './actions';
import { loadComposeProject } from './compose';
import { ContainerStreams } from './containerStreams';
import { DirectStats } from './directStats';
import { EngineSession } from './engineSession';
import { SeriesRing } from './ring';
import { buildServiceStates } from './serviceState';
import { CriticalDetector, cpuUse } from './thresholds';
import {
  DEFAULT_THRESHOLDS,
  type ComposeProject,
  type ConnectionState,
  type CriticalEpisode,
  type LogLine,
  type MonitorInterest,
  type MonitorOptions,
  type SeriesHistory,
  type ServiceState,
  type Thresholds,
} from './types';

export interface MonitorEvents {
  state: [ServiceState[]];
  connection: [ConnectionState];
  critical: [CriticalEpisode];
  /** Something the user may want to know that did not stop the monitor (a compose warning, a failed stream). */
  warning: [string];
}

/** What a monitor holds open (openResources()). */
export interface OpenResources {
  statsStreams: number;
  logStreams: number;
  direct: number;
  directFiles: number;
  collected: number;
}

interface TrackedService {
  ring: SeriesRing;
  peakMemoryBytes?: number;
  firstSampleAt?: number;
  errorCount: number;
  cpu: CriticalDetector;
  memory: CriticalDetector;
}

export class ComposeStatsMonitor extends EventEmitter<MonitorEvents> {
  readonly target: DockerTarget;
  private readonly docker: Docker;
  private readonly session: EngineSession;
  /** Closes the client's sockets when this object made the client (not when one was passed in). */
  private readonly releaseClient?: () => void;
  private readonly streams: ContainerStreams;
  private readonly direct?: DirectStats;
  private project: ComposeProject;
  private thresholds: Thresholds;
  private readonly historyPoints: number;
  private criticalForMs: number;
  private readonly stateIntervalMs: number;

  private readonly services = new Map<string, TrackedService>();
  /** Stats are read while live, for the shown services only (undefined: all); see setInterest. */
  private live = true;
  private shown?: ReadonlySet<string>;
  private countLogErrors: boolean;
  private started = false;
  private disposed = false;
  private dirty = true;
  private ticker?: NodeJS.Timeout;
  private lastStates: ServiceState[] = [];

  /** Loads the compose project now (throws ComposeFileError); connects on start(). */
  constructor(private readonly options: MonitorOptions, docker?: Docker) {
    super();
    this.project = loadComposeProject({
      folder: options.folder,
      files: options.files,
      projectName: options.projectName,
      env: options.env,
    });
    this.target = resolveDockerTarget({
      setting: options.dockerHost,
      settingName: options.settingName,
      env: options.env,
    });
    // A client made here is this object's: its pooled sockets close on dispose() (engineClient.ts).
    const owned = docker ? undefined : ownedDockerClient(this.target);
    this.docker = owned?.docker ?? (docker as Docker);
    this.releaseClient = owned?.dispose;
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.historyPoints = Math.max(10, Math.round((options.historyMinutes ?? 10) * 60));
    this.criticalForMs = (options.criticalForSeconds ?? 30) * 1000;
    this.stateIntervalMs = options.stateIntervalMs ?? 1000;
    this.countLogErrors = options.countLogErrors ?? true;
    this.direct = DirectStats.forTarget(options.statsCollector, this.target, (message) => setImmediate(() => this.emit('warning', message)));
    this.session = new EngineSession(
      this.docker,
      this.target,
      { reconnectMinMs: options.reconnectMinMs ?? 500, reconnectMaxMs: options.reconnectMaxMs ?? 10_000 },
      {
        scope: () => ({ kind: 'project', project: this.project }),
        onListed: (containers) => this.streams.reconcile(containers),
        onEvent: (event) => this.streams.applyEvent(event, { kind: 'project', project: this.project }),
        onLost: () => {
          this.streams.closeAll();
          this.direct?.reset();
          this.lastStates = [];
          this.dirty = true;
        },
        onConnection: (state) => this.emit('connection', state),
      },
    );
    this.streams = new ContainerStreams({
      docker: this.docker,
      historyPoints: this.historyPoints,
      statsStallMs: options.statsStallMs ?? 15_000,
      countLogErrors: () => this.countLogErrors,
      wantsStats: (service) => this.live && (!this.shown || this.shown.has(service)),
      connected: () => this.session.connected,
      disposed: () => this.disposed,
      osType: () => this.session.osType,
      direct: this.direct,
      onSample: (service, sample) => {
        const track = this.serviceTrack(service);
        track.firstSampleAt ??= sample.readAt;
        if (track.peakMemoryBytes === undefined || sample.memoryUsageBytes > track.peakMemoryBytes) {
          track.peakMemoryBytes = sample.memoryUsageBytes;
        }
      },
      onErrorLine: (service) => {
        this.serviceTrack(service).errorCount++;
        this.dirty = true;
      },
      changed: () => {
        this.dirty = true;
      },
    });
  }

  get composeProject(): ComposeProject {
    return this.project;
  }

  get connectionState(): ConnectionState {
    return this.session.connectionState;
  }

  /** Connect and start streaming. Resolves after the first attempt, connected or not (see 'connection'). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const warning of this.project.warnings) this.emit('warning', warning);
    if (this.live) this.startTicker();
    await this.session.connect();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTicker();
    this.session.dispose();
    this.streams.dispose();
    this.direct?.dispose();
    this.releaseClient?.();
  }

  /** The consumer shows or hides the view: stats streams close while hidden and reopen when shown. */
  setVisible(visible: boolean): void {
    this.setInterest({ live: visible, ...(this.shown ? { services: [...this.shown] } : {}) });
  }

  /**
   * What the consumers want now (a MonitorRegistry passes the union of its leases'): stats are read
   * only while live, and only for the containers of the services shown; the rest close.
   */
  setInterest(interest: MonitorInterest): void {
    if (this.disposed) return;
    const shown = interest.services ? new Set(interest.services) : undefined;
    const before = this.shown;
    const sameServices = shown && before
      ? shown.size === before.size && [...shown].every((s) => before.has(s))
      : shown === before;
    if (interest.live === this.live && sameServices) return;
    const wasLive = this.live;
    this.live = interest.live;
    this.shown = shown;
    this.streams.refresh();
    if (!this.live) {
      this.stopTicker();
      this.lastStates = [];
      return;
    }
    this.dirty = true;
    if (this.started) this.startTicker();
    // A failure here means the engine went away: the events stream reports that and reconnects.
    if (!wasLive && this.session.connected) this.session.resync().catch(() => undefined);
  }

  /** Follow the containers' logs to count error lines, or stop (a MonitorRegistry: while any lease wants it). */
  setCountLogErrors(count: boolean): void {
    if (this.countLogErrors === count || this.disposed) return;
    this.countLogErrors = count;
    this.streams.refresh();
  }

  setThresholds(thresholds: Thresholds): void {
    this.thresholds = thresholds;
    this.dirty = true;
  }

  /** Seconds a service must stay critical before 'critical'; an episode under way starts counting again. */
  setCriticalForSeconds(seconds: number): void {
    const ms = seconds * 1000;
    if (ms === this.criticalForMs) return;
    this.criticalForMs = ms;
    for (const track of this.services.values()) {
      track.cpu = new CriticalDetector(ms);
      track.memory = new CriticalDetector(ms);
    }
  }

  /** Re-read the compose files (after an edit) and re-match the containers. */
  async reloadCompose(): Promise<void> {
    this.project = loadComposeProject({
      folder: this.options.folder,
      files: this.options.files,
      projectName: this.options.projectName,
      env: this.options.env,
    });
    for (const warning of this.project.warnings) this.emit('warning', warning);
    this.dirty = true;
    if (this.session.connected) await this.session.resync();
  }

  /** The latest rows (the last 'state' payload, or computed now when none was emitted yet). */
  states(): ServiceState[] {
    return this.lastStates.length ? this.lastStates : this.computeStates(Date.now());
  }

  /**
   * What the monitor holds open now: stats and log streams, containers read from their cgroup files,
   * and the files the direct path keeps open (a leak test counts them while containers come and go).
   */
  openResources(): OpenResources {
    const collector = this.direct?.collector;
    return { ...this.streams.openCounts(), directFiles: collector?.openFiles ?? 0, collected: collector?.size ?? 0 };
  }

  /** Chart data: a service's totals, or one container's samples, oldest first. */
  history(service: string, containerId?: string, sinceMs?: number): SeriesHistory {
    const ring = containerId ? this.streams.get(containerId)?.ring : this.services.get(service)?.ring;
    return (ring ?? new SeriesRing(1)).snapshot(sinceMs);
  }

  // ---- actions (actions.ts) ---------------------------------------------------------------

  private actionScope(): ServiceActionScope {
    return { docker: this.docker, target: this.target, project: this.project, containers: this.streams.all() };
  }

  /** Start a service's stopped containers, or create it with Compose when it has none. Resolves with what was done. */
  startService(service: string): Promise<string> {
    return startService(this.actionScope(), service);
  }

  stopService(service: string): Promise<string> {
    return stopService(this.actionScope(), service);
  }

  restartService(service: string): Promise<string> {
    return restartService(this.actionScope(), service);
  }

  /** The engine's inspect JSON of one of the project's containers. */
  inspect(containerId: string): Promise<unknown> {
    return inspectContainer(this.actionScope(), containerId);
  }

  /**
   * Follow a service's logs: the last `tail` lines of each container, then new ones, each flagged
   * when it looks like an error. Call dispose() on the result to stop.
   */
  followLogs(service: string, onLine: (line: LogLine) => void, tail = 200): { dispose(): void } {
    return followServiceLogs(this.actionScope(), service, onLine, tail);
  }

  // ---- services ---------------------------------------------------------------------------

  private serviceTrack(service: string): TrackedService {
    let track = this.services.get(service);
    if (!track) {
      track = {
        ring: new SeriesRing(this.historyPoints),
        errorCount: 0,
        cpu: new CriticalDetector(this.criticalForMs),
        memory: new CriticalDetector(this.criticalForMs),
      };
      this.services.set(service, track);
    }
    return track;
  }

  // ---- state ------------------------------------------------------------------------------

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.tick(), this.stateIntervalMs);
    this.ticker.unref?.();
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private computeStates(now: number): ServiceState[] {
    return buildServiceStates(this.project, this.streams.views(), this.thresholds, (service) => {
      const track = this.services.get(service);
      return {
        errorCount: track?.errorCount ?? 0,
        ...(track?.peakMemoryBytes !== undefined ? { peakMemoryBytes: track.peakMemoryBytes } : {}),
        ...(track?.firstSampleAt !== undefined ? { observedForMs: Math.max(0, now - track.firstSampleAt) } : {}),
      };
    });
  }

  private tick(): void {
    if (!this.dirty || this.disposed) return;
    this.dirty = false;
    const now = Date.now();
    const states = this.computeStates(now);
    for (const state of states) {
      const track = state.total ? this.serviceTrack(state.service) : this.services.get(state.service);
      if (!track) continue;
      if (state.total) {
        let rx = 0, tx = 0, read = 0, write = 0;
        for (const c of state.containers) {
          rx += c.netRxRate ?? 0;
          tx += c.netTxRate ?? 0;
          read += c.blockReadRate ?? 0;
          write += c.blockWriteRate ?? 0;
        }
        track.ring.push(now, {
          cpuPercent: state.total.cpuPercent,
          memoryUsageBytes: state.total.memoryUsageBytes,
          memoryPercent: state.total.memoryPercent,
          netRxRate: rx,
          netTxRate: tx,
          blockReadRate: read,
          blockWriteRate: write,
        });
      }
      const cpuEpisode = track.cpu.update(state.cpuLevel, now);
      if (cpuEpisode) {
        const value = Math.max(
          ...state.containers.map((c) => (c.sample ? cpuUse(c.sample.cpuPercent, state.declared) : 0)),
        );
        this.emit('critical', { project: state.project, service: state.service, metric: 'cpu', value, criticalForMs: cpuEpisode.criticalForMs });
      }
      const memoryEpisode = track.memory.update(state.memoryLevel, now);
      if (memoryEpisode) {
        const value = Math.max(...state.containers.map((c) => c.sample?.memoryPercent ?? 0));
        this.emit('critical', { project: state.project, service: state.service, metric: 'memory', value, criticalForMs: memoryEpisode.criticalForMs });
      }
    }
    this.lastStates = states;
    this.emit('state', states);
  }
}
