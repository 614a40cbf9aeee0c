// The project's containers as the monitor follows them: which ones exist (from the list and the
// engine's events), one streaming stats request per running container of a service a consumer
// shows live, and one log stream per container to count error lines. The arithmetic is calculate.ts's.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { DirectStats } from './directStats';
import { isEmptyStats, ratesBetween, sampleFromStats, type EngineOsType } from './calculate';
import { inScope, isRunning, type ContainerScope, type ServiceContainer } from './containers';
import { COMPOSE_LABELS, type EngineEvent, type EngineStats } from './engineJson';
import { SeriesRing, type SeriesPoint } from './ring';
import type { ContainerRates, ContainerView } from './serviceState';
import { ERROR_LINE, onLines, onLogLines } from './streams';
import type { ContainerSample } from './types';

export interface TrackedContainer {
  info: ServiceContainer;
  stats?: Readable;
  statsOpening: boolean;
  reopenTimer?: NodeJS.Timeout;
  sample?: ContainerSample;
  rates: ContainerRates;
  ring: SeriesRing;
  /** Reused for every ring push: no allocation per sample. */
  point: SeriesPoint;
  peakMemoryBytes?: number;
  logs?: Readable;
  logsOpening: boolean;
  logsSeen?: boolean;
  /** The latest stats document as the engine sent it, kept only with `keepDocuments` (the exporter). */
  document?: EngineStats;
  /** Read from its cgroup files by the direct path's collector (no stream open). */
  direct?: boolean;
  /** The direct path refused it for this opening: its stats come from a stream until it is closed. */
  viaApi?: boolean;
}

/** What the streams need to know about the monitor, and what they tell it. */
export interface ContainerStreamsContext {
  docker: Docker;
  historyPoints: number;
  statsStallMs: number;
  /** Follow each running container's logs to count error lines (a consumer asks for it). */
  countLogErrors(): boolean;
  /** Keep each container's latest engine document on its TrackedContainer (the exporter reads raw counters). */
  keepDocuments?: boolean;
  /** The direct (cgroup) path, when the engine is on this machine and the mode allows it. */
  direct?: DirectStats;
  /** Stats are read only for the containers of services a consumer shows live (a shown view, a running load test). */
  wantsStats(service: string): boolean;
  connected(): boolean;
  disposed(): boolean;
  osType(): EngineOsType;
  /** A container of `service` was sampled (for the service's peak and observed time). */
  onSample(service: string, sample: ContainerSample): void;
  /** A log line of `service` looked like an error. */
  onErrorLine(service: string): void;
  /** Something shown changed: the next tick emits 'state'. */
  changed(): void;
}

export class ContainerStreams {
  private readonly containers = new Map<string, TrackedContainer>();

  constructor(private readonly context: ContainerStreamsContext) {}

  get(containerId: string): TrackedContainer | undefined {
    return this.containers.get(containerId);
  }

  all(): TrackedContainer[] {
    return [...this.containers.values()];
  }

  /** What is open now, for a leak test to count as containers come and go. */
  openCounts(): { statsStreams: number; logStreams: number; direct: number } {
    let statsStreams = 0;
    let logStreams = 0;
    let direct = 0;
    for (const tracked of this.containers.values()) {
      if (tracked.stats) statsStreams++;
      if (tracked.logs) logStreams++;
      if (tracked.direct) direct++;
    }
    return { statsStreams, logStreams, direct };
  }

  /** What serviceState.ts builds rows from. */
  views(): ContainerView[] {
    return this.all().map((t) => ({
      info: t.info,
      sample: t.sample,
      rates: t.rates,
      peakMemoryBytes: t.peakMemoryBytes,
    }));
  }

  /** The listed containers replace the known ones: new ones tracked, gone ones dropped, streams opened. */
  reconcile(listed: ServiceContainer[]): void {
    const seen = new Set<string>();
    for (const info of listed) {
      seen.add(info.containerId);
      const tracked = this.containers.get(info.containerId);
      if (tracked) tracked.info = info;
      else this.containers.set(info.containerId, this.newTracked(info));
    }
    for (const [id, tracked] of this.containers) {
      if (!seen.has(id)) {
        this.untrack(tracked);
        this.containers.delete(id);
      }
    }
    for (const tracked of this.containers.values()) this.ensureStreams(tracked);
    this.context.changed();
  }

  /** One engine event: a container of the scope appears, changes state, or goes. */
  applyEvent(event: EngineEvent, scope: ContainerScope): void {
    if (event.Type !== undefined && event.Type !== 'container') return;
    const id = event.Actor?.ID ?? event.id;
    if (!id) return;
    const attributes = event.Actor?.Attributes ?? {};
    const action = (event.Action ?? event.status ?? '').split(':')[0];
    let tracked = this.containers.get(id);
    if (!tracked) {
      if (action === 'destroy' || !inScope(attributes, scope)) return;
      tracked = this.newTracked({
        containerId: id,
        container: attributes.name ?? id.slice(0, 12),
        project: attributes[COMPOSE_LABELS.project] ?? (scope.kind === 'project' ? scope.project.name : ''),
        service: attributes[COMPOSE_LABELS.service] ?? '',
        number: Number(attributes[COMPOSE_LABELS.containerNumber] ?? 1) || 1,
        state: 'created',
      });
      this.containers.set(id, tracked);
    }
    const info = tracked.info;
    switch (action) {
      case 'create':
        break;
      case 'start':
      case 'restart':
      case 'unpause':
        info.state = 'running';
        delete info.health;
        break;
      case 'pause':
        info.state = 'paused';
        break;
      case 'die':
        info.state = 'exited';
        tracked.sample = undefined;
        this.closeStats(tracked);
        this.closeLogs(tracked);
        break;
      case 'destroy':
        this.untrack(tracked);
        this.containers.delete(id);
        break;
      case 'rename':
        if (attributes.name) info.container = attributes.name;
        break;
      case 'health_status': {
        const health = (event.Action ?? event.status ?? '').split(':')[1]?.trim();
        if (health) info.health = health;
        break;
      }
      default:
        return;
    }
    this.context.changed();
    if (this.containers.has(id)) this.ensureStreams(tracked);
  }

  /**
   * What the consumers want changed (a view hidden or shown, the services shown, log counting): streams
   * no longer wanted close, their samples go stale (rates restart from the next two samples), and
   * wanted ones open.
   */
  refresh(): void {
    for (const tracked of this.containers.values()) {
      if (!this.context.wantsStats(tracked.info.service)) {
        this.closeStats(tracked);
        tracked.sample = undefined;
      }
      if (!this.context.countLogErrors()) this.closeLogs(tracked);
      this.ensureStreams(tracked);
    }
  }

  /** The engine went away: every stream closes and every sample is forgotten. */
  closeAll(): void {
    for (const tracked of this.containers.values()) {
      this.closeStats(tracked);
      this.closeLogs(tracked);
      tracked.sample = undefined;
    }
  }

  /** Stop following one container (the exporter forgets a container once it stops). */
  drop(containerId: string): void {
    const tracked = this.containers.get(containerId);
    if (!tracked) return;
    this.untrack(tracked);
    this.containers.delete(containerId);
    this.context.changed();
  }

  dispose(): void {
    for (const tracked of this.containers.values()) this.untrack(tracked);
    this.containers.clear();
  }

  private newTracked(info: ServiceContainer): TrackedContainer {
    return {
      info,
      statsOpening: false,
      logsOpening: false,
      rates: { netRxRate: 0, netTxRate: 0, blockReadRate: 0, blockWriteRate: 0 },
      ring: new SeriesRing(this.context.historyPoints),
      point: {
        cpuPercent: 0,
        memoryUsageBytes: 0,
        memoryPercent: 0,
        netRxRate: 0,
        netTxRate: 0,
        blockReadRate: 0,
        blockWriteRate: 0,
      },
    };
  }

  private ensureStreams(tracked: TrackedContainer): void {
    const running = isRunning(tracked.info.state);
    const connected = this.context.connected();
    if (running && connected && this.context.wantsStats(tracked.info.service)) this.openStats(tracked);
    if (running && connected && this.context.countLogErrors()) this.openLogs(tracked);
  }

  private openStats(tracked: TrackedContainer): void {
    const context = this.context;
    if (tracked.stats || tracked.statsOpening || tracked.direct || context.disposed()) return;
    if (context.direct && !tracked.viaApi) {
      this.openDirect(tracked, context.direct);
      return;
    }
    tracked.statsOpening = true;
    clearTimeout(tracked.reopenTimer);
    context.docker
      .getContainer(tracked.info.containerId)
      .stats({ stream: true })
      .then(
        (raw) => {
          const stream = raw as unknown as Readable;
          tracked.statsOpening = false;
          if (
            context.disposed() ||
            !context.wantsStats(tracked.info.service) ||
            !isRunning(tracked.info.state) ||
            this.containers.get(tracked.info.containerId) !== tracked
          ) {
            stream.destroy();
            return;
          }
          tracked.stats = stream;
          let lastLineAt = Date.now();
          onLines(stream, (line) => {
            lastLineAt = Date.now();
            this.onStatsLine(tracked, line);
          });
          // As docker stats does with a stalled stream: the row loses its sample (not the view), and the
          // stream is reopened.
          const watchdog = setInterval(() => {
            if (Date.now() - lastLineAt < context.statsStallMs) return;
            tracked.sample = undefined;
            context.changed();
            stream.destroy();
          }, Math.max(50, Math.min(5000, context.statsStallMs / 4)));
          watchdog.unref?.();
          const ended = () => {
            clearInterval(watchdog);
            if (tracked.stats !== stream) return;
            tracked.stats = undefined;
            // A stream can end while the container runs (engine hiccup): try again shortly.
            if (!context.disposed() && context.connected() && isRunning(tracked.info.state)) {
              tracked.reopenTimer = setTimeout(() => this.ensureStreams(tracked), 1000);
            }
          };
          stream.on('error', ended);
          stream.on('end', ended);
          stream.on('close', ended);
        },
        () => {
          tracked.statsOpening = false; // the container went away; its events say so
        },
      );
  }

  /**
   * The direct path: the container's inspect says where its cgroup files are; the collector reads them
   * with every other container's in its one tick. A container it cannot read falls back to a stream.
   */
  private openDirect(tracked: TrackedContainer, direct: DirectStats): void {
    const context = this.context;
    const id = tracked.info.containerId;
    tracked.statsOpening = true;
    clearTimeout(tracked.reopenTimer);
    direct.place(context.docker, id).then(
      (placement) => {
        tracked.statsOpening = false;
        const current = this.containers.get(id) === tracked;
        const wanted = context.wantsStats(tracked.info.service);
        if (context.disposed() || !wanted || !isRunning(tracked.info.state) || !current) return;
        if (tracked.stats || tracked.direct) return;
        if (!placement.ok) {
          direct.fellBack(tracked.info.container, placement.reason);
          tracked.viaApi = true;
          this.openStats(tracked);
          return;
        }
        tracked.direct = true;
        direct.collector.add(id, tracked.info.container, placement, (doc) => this.onStatsDocument(tracked, doc), () => {
          // A read failed: the container stopped (its events say so) or was recreated; try again shortly.
          tracked.direct = false;
          tracked.sample = undefined;
          context.changed();
          const stillHere = this.containers.get(id) === tracked;
          if (!context.disposed() && context.connected() && isRunning(tracked.info.state) && stillHere) {
            tracked.reopenTimer = setTimeout(() => this.ensureStreams(tracked), 1000);
            tracked.reopenTimer.unref?.();
          }
        });
      },
      () => {
        tracked.statsOpening = false; // gone between the list and the inspect; its events say so
      },
    );
  }

  private onStatsLine(tracked: TrackedContainer, line: string): void {
    if (line.length < 2) return;
    let doc: EngineStats;
    try {
      // V8's JSON.parse beat a hand-written field scanner here (39 vs 100 µs a document, measured): keep it.
      doc = JSON.parse(line) as EngineStats;
    } catch {
      return;
    }
    this.onStatsDocument(tracked, doc);
  }

  /** One stats document, from a stream or from the cgroup collector: the sample, rates, ring and peak. */
  private onStatsDocument(tracked: TrackedContainer, doc: EngineStats): void {
    if (isEmptyStats(doc)) return;
    let sample: ContainerSample;
    try {
      sample = sampleFromStats(doc, this.context.osType(), tracked.info.container);
    } catch {
      return; // not a stats document after all: skipped like a malformed line
    }
    sample.container = tracked.info.container;
    const rates = tracked.rates;
    if (tracked.sample) ratesBetween(tracked.sample, sample, rates);
    tracked.sample = sample;
    if (this.context.keepDocuments) tracked.document = doc;
    if (tracked.peakMemoryBytes === undefined || sample.memoryUsageBytes > tracked.peakMemoryBytes) {
      tracked.peakMemoryBytes = sample.memoryUsageBytes;
    }
    const point = tracked.point;
    point.cpuPercent = sample.cpuPercent;
    point.memoryUsageBytes = sample.memoryUsageBytes;
    point.memoryPercent = sample.memoryPercent;
    point.netRxRate = rates.netRxRate;
    point.netTxRate = rates.netTxRate;
    point.blockReadRate = rates.blockReadRate;
    point.blockWriteRate = rates.blockWriteRate;
    tracked.ring.push(sample.readAt, point);
    this.context.onSample(tracked.info.service, sample);
    this.context.changed();
  }

  private openLogs(tracked: TrackedContainer): void {
    const context = this.context;
    if (tracked.logs || tracked.logsOpening || context.disposed()) return;
    tracked.logsOpening = true;
    const container = context.docker.getContainer(tracked.info.containerId);
    // The first time: the container's last lines; after a restart or reconnect: only new lines, so
    // nothing counts twice.
    const since = tracked.logsSeen ? Math.floor(Date.now() / 1000) : 0;
    tracked.logsSeen = true;
    container
      .inspect()
      .then(async (inspect) => {
        const stream = (await container.logs({
          follow: true,
          stdout: true,
          stderr: true,
          tail: 1000,
          since,
        })) as unknown as Readable;
        tracked.logsOpening = false;
        if (context.disposed() || this.containers.get(tracked.info.containerId) !== tracked || !context.connected()) {
          stream.destroy();
          return;
        }
        tracked.logs = stream;
        onLogLines(stream, inspect.Config?.Tty === true, (text) => {
          if (ERROR_LINE.test(text)) context.onErrorLine(tracked.info.service);
        });
        const ended = () => {
          if (tracked.logs === stream) tracked.logs = undefined;
        };
        stream.on('error', ended);
        stream.on('end', ended);
        stream.on('close', ended);
      })
      .catch(() => {
        tracked.logsOpening = false;
      });
  }

  private closeStats(tracked: TrackedContainer): void {
    clearTimeout(tracked.reopenTimer);
    if (tracked.direct) this.context.direct?.collector.remove(tracked.info.containerId);
    tracked.direct = false;
    tracked.viaApi = false;
    const stream = tracked.stats;
    tracked.stats = undefined;
    stream?.destroy();
  }

  private closeLogs(tracked: TrackedContainer): void {
    const stream = tracked.logs;
    tracked.logs = undefined;
    stream?.destroy();
  }

  private untrack(tracked: TrackedContainer): void {
    this.closeStats(tracked);
    this.closeLogs(tracked);
  }
}
