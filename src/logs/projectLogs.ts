// ProjectLogs: the logs of every replica of a compose project's services, merged in time order into
// a bounded ring. It follows the project the way the stats monitor does (EngineSession: connect,
// follow container events, list again after a reconnect, back off while the engine is away): a
// container that starts, restarts or is scaled up gets a stream; a replica that restarts keeps its
// earlier lines and continues from its last timestamp (`since`, then exact de-duplication), so no
// line is lost or shown twice. Lines of different replicas are merged through a short reorder window.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { connectDocker, createDockerClient, resolveDockerTarget, type DockerTarget } from '../docker/connection';
import {
  COMPOSE_LABELS,
  EngineSession,
  belongsToProject,
  listServiceContainers,
  loadComposeProject,
  type EngineEvent,
  type ServiceContainer,
} from '../stats';
import { LogStreamReader, timeBefore, type EngineTime, type RawLine } from './engineStream';
import { LevelTracker } from './level';
import { LogRing } from './ring';
import { visibleControls } from './text';
import { engineTimestamp, parseExactTimeBound, type ExactTime } from './time';
import {
  TRUNCATED_MARKER,
  type ComposeProject,
  type ConnectionState,
  type ContainerChange,
  type LogContainer,
  type LogLine,
  type LogStream,
  type ProjectLogsEvents,
  type ProjectLogsOptions,
} from './types';

const DEFAULTS = {
  ringLines: 100_000,
  ringBytes: 64 * 1024 * 1024,
  maxLineChars: 64 * 1024,
  reorderWindowMs: 150,
  tail: 1000,
};
/** How often held lines are looked at and batches emitted. */
const FLUSH_EVERY_MS = 50;
/** No line waits longer than this for a slow stream (a stream opening, a stalled engine). */
const MAX_HOLD_MS = 1000;

interface Tracked {
  info: LogContainer;
  stream?: Readable;
  opening: boolean;
  /** The newest line's time: the next stream starts there (`since`) and drops what it repeats. */
  last?: EngineTime;
  /** Until a line newer than this arrives, lines are repeats of what the previous stream sent. */
  repeatUntil?: EngineTime;
  /** The stream read the history of a container that was not running to its end. */
  readToEnd: boolean;
  levels: Record<LogStream, LevelTracker>;
  /** For the merge: when the stream opened and last delivered, and the time of its newest line. */
  openedAt: number;
  lastArrival: number;
  lastTime: number;
  reopenTimer?: NodeJS.Timeout;
}

interface DialingModem {
  dial(options: Record<string, unknown>, callback: (error: unknown, stream?: unknown) => void): void;
}

/**
 * GET /containers/{id}/logs as a stream, with or without follow. dockerode's container.logs()
 * buffers the whole answer when not following (and the connection caps buffered answers at 32 MiB),
 * so the request is made the way dockerode makes it, in streaming mode.
 */
function openLogsStream(docker: Docker, containerId: string, query: Record<string, unknown>): Promise<Readable> {
  return new Promise((resolve, reject) => {
    (docker.modem as unknown as DialingModem).dial(
      {
        path: `/containers/${containerId}/logs?`,
        method: 'GET',
        options: query,
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      (error, stream) => (error ? reject(error as Error) : resolve(stream as Readable)),
    );
  });
}

export class ProjectLogs extends EventEmitter<ProjectLogsEvents> {
  readonly target: DockerTarget;
  private readonly docker: Docker;
  private readonly injectedClient: boolean;
  private readonly composeProject: ComposeProject;
  private readonly ring: LogRing;
  private readonly follow: boolean;
  private readonly maxLineChars: number;
  private readonly reorderWindowMs: number;
  private readonly since?: ExactTime;
  private readonly until?: ExactTime;
  private readonly services?: Set<string>;
  private readonly tracked = new Map<string, Tracked>();
  private session?: EngineSession;
  private connection: ConnectionState;
  private pending: LogLine[] = [];
  /** Arrival seq and wall time at each flush: lines that arrived before a checkpoint older than MAX_HOLD_MS go out. */
  private checkpoints: Array<{ arrival: number; at: number }> = [];
  private arrivals = 0;
  private nextSeq = 0;
  private flushTimer?: NodeJS.Timeout;
  private listedOnce = false;
  private started = false;
  private disposed = false;
  private ended = false;
  private endWaiters: Array<() => void> = [];

  /** Loads the compose project now (throws ComposeFileError) and checks since/until (throws Error). */
  constructor(readonly options: ProjectLogsOptions, docker?: Docker) {
    super();
    this.composeProject =
      options.project ??
      loadComposeProject({
        folder: options.folder,
        files: options.files,
        projectName: options.projectName,
        env: options.env,
      });
    const { dockerHost: setting, settingName, env } = options;
    this.target = resolveDockerTarget({ setting, settingName, env });
    this.docker = docker ?? createDockerClient(this.target);
    this.injectedClient = docker !== undefined;
    this.ring = new LogRing(options.ringLines ?? DEFAULTS.ringLines, options.ringBytes ?? DEFAULTS.ringBytes);
    this.follow = options.follow ?? true;
    this.maxLineChars = Math.max(256, options.maxLineChars ?? DEFAULTS.maxLineChars);
    this.reorderWindowMs = Math.max(0, options.reorderWindowMs ?? DEFAULTS.reorderWindowMs);
    const now = Date.now();
    if (options.since) this.since = parseExactTimeBound(options.since, now);
    if (options.until) this.until = parseExactTimeBound(options.until, now);
    if (options.services?.length) this.services = new Set(options.services);
    this.connection = { state: 'connecting', host: this.target.host };
  }

  get project(): ComposeProject {
    return this.composeProject;
  }

  get connectionState(): ConnectionState {
    return this.connection;
  }

  /** Lines dropped from the ring so far to keep within ringLines/ringBytes. */
  get droppedLines(): number {
    return this.ring.droppedLines;
  }

  /** About how much memory the ring's lines take, in bytes. */
  get ringBytes(): number {
    return this.ring.bytes;
  }

  /**
   * Connects and opens every replica's stream. Following, it resolves once connected (or once the
   * first attempt failed: the session retries and 'connection' says so); without follow it resolves
   * when every stream has ended and every line was emitted, and rejects when the engine cannot be reached.
   */
  async start(): Promise<void> {
    if (this.started || this.disposed) return;
    this.started = true;
    this.flushTimer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.flushTimer.unref?.();
    for (const warning of this.composeProject.warnings) this.emit('warning', warning);
    if (this.follow) {
      this.session = new EngineSession(
        this.docker,
        this.target,
        { reconnectMinMs: this.options.reconnectMinMs ?? 500, reconnectMaxMs: this.options.reconnectMaxMs ?? 10_000 },
        {
          scope: () => ({ kind: 'project', project: this.composeProject }),
          onListed: (containers) => this.reconcile(containers),
          onEvent: (event) => this.applyEvent(event),
          onLost: () => this.closeStreams(),
          onConnection: (state) => {
            this.connection = state;
            this.emit('connection', state);
          },
        },
      );
      await this.session.connect();
      return;
    }
    // Fail with the connection's own message (which host, from where, what to do); an injected client is used as is.
    const { dockerHost: setting, settingName, env } = this.options;
    if (!this.injectedClient) await connectDocker({ setting, settingName, env });
    this.connection = { state: 'connected', host: this.target.host };
    this.emit('connection', this.connection);
    this.reconcile(await listServiceContainers(this.docker, this.composeProject));
    await new Promise<void>((resolve) => {
      this.endWaiters.push(resolve);
      this.checkEnded();
    });
  }

  /** The ring, oldest first (merged time order): a fresh array of the same line objects (about 1 ms for 100k). */
  lines(): readonly LogLine[] {
    return this.ring.toArray();
  }

  /** The replicas seen, by service then replica number. */
  containers(): LogContainer[] {
    return [...this.tracked.values()]
      .map((t) => ({ ...t.info }))
      .sort(
        (a, b) => a.service.localeCompare(b.service) || a.replica - b.replica || a.container.localeCompare(b.container),
      );
  }

  /** Closes every stream; no event after it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.flushTimer);
    this.session?.dispose();
    for (const tracked of this.tracked.values()) {
      clearTimeout(tracked.reopenTimer);
      tracked.stream?.destroy();
      tracked.stream = undefined;
    }
    this.removeAllListeners();
    for (const resolve of this.endWaiters.splice(0)) resolve();
  }

  // --- containers -------------------------------------------------------------------------------

  private wanted(service: string): boolean {
    return !this.services || this.services.has(service);
  }

  private reconcile(listed: ServiceContainer[]): void {
    const first = !this.listedOnce;
    this.listedOnce = true;
    for (const info of listed) {
      if (!this.wanted(info.service)) continue;
      let tracked = this.tracked.get(info.containerId);
      if (!tracked) {
        tracked = this.track(info.containerId, info.container, info.service, info.number, info.state);
        if (!first) this.change('joined', tracked);
      } else {
        tracked.info.state = info.state;
        tracked.info.container = info.container;
      }
      this.ensureStream(tracked);
    }
    this.checkEnded();
  }

  private track(containerId: string, container: string, service: string, replica: number, state: string): Tracked {
    const tracked: Tracked = {
      info: { containerId, container, service, replica, state, streaming: false, restarts: 0 },
      opening: false,
      readToEnd: false,
      levels: { stdout: new LevelTracker(), stderr: new LevelTracker() },
      openedAt: 0,
      lastArrival: 0,
      lastTime: 0,
    };
    this.tracked.set(containerId, tracked);
    return tracked;
  }

  private applyEvent(event: EngineEvent): void {
    if (event.Type !== undefined && event.Type !== 'container') return;
    const id = event.Actor?.ID ?? event.id;
    if (!id) return;
    const attributes = event.Actor?.Attributes ?? {};
    const action = (event.Action ?? event.status ?? '').split(':')[0];
    let tracked = this.tracked.get(id);
    if (!tracked) {
      if (action !== 'create' && action !== 'start') return;
      if (!belongsToProject(attributes, this.composeProject)) return;
      const service = attributes[COMPOSE_LABELS.service] ?? '';
      if (!this.wanted(service)) return;
      tracked = this.track(id, attributes.name ?? id.slice(0, 12), service, Number(attributes[COMPOSE_LABELS.containerNumber] ?? 1) || 1, 'created');
      this.change('joined', tracked);
    }
    switch (action) {
      case 'start':
        if (tracked.info.state !== 'created' && tracked.info.state !== 'running') {
          tracked.info.restarts++;
          this.change('restarted', tracked);
        }
        tracked.info.state = 'running';
        tracked.readToEnd = false;
        this.ensureStream(tracked);
        break;
      case 'die':
        tracked.info.state = 'exited';
        this.change('stopped', tracked);
        // The stream ends by itself once the engine has sent the last lines.
        break;
      case 'pause':
        tracked.info.state = 'paused';
        break;
      case 'unpause':
        tracked.info.state = 'running';
        break;
      case 'rename':
        if (attributes.name) tracked.info.container = attributes.name;
        break;
      case 'destroy':
        tracked.info.state = 'removed';
        clearTimeout(tracked.reopenTimer);
        tracked.stream?.destroy();
        this.change('removed', tracked);
        this.tracked.delete(id);
        break;
      default:
        break;
    }
  }

  private change(kind: ContainerChange['kind'], tracked: Tracked): void {
    if (!this.disposed) this.emit('container', { kind, container: { ...tracked.info }, at: Date.now() });
  }

  // --- streams ------------------------------------------------------------------------------------

  private ensureStream(tracked: Tracked): void {
    if (this.disposed || tracked.stream || tracked.opening || tracked.info.state === 'removed') return;
    const running = tracked.info.state === 'running' || tracked.info.state === 'paused' || tracked.info.state === 'restarting';
    // A stopped container's history is read once; it is read again only when it starts.
    if (!running && tracked.readToEnd) return;
    if (tracked.info.state === 'created') return; // nothing written yet; 'start' opens it
    this.openStream(tracked, running).catch((error: unknown) => {
      tracked.opening = false;
      if (!this.disposed) this.emit('warning', `The log stream of ${tracked.info.container} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async openStream(tracked: Tracked, running: boolean): Promise<void> {
    tracked.opening = true;
    tracked.openedAt = Date.now();
    const container = this.docker.getContainer(tracked.info.containerId);
    const follow = this.follow && running;
    const query: Record<string, unknown> = { follow, stdout: true, stderr: true, timestamps: true };
    if (tracked.last) {
      // Continue where the last stream stopped; the engine's `since` includes that instant, so
      // repeats are dropped by exact time below.
      query.since = engineTimestamp({ seconds: tracked.last.secondMs / 1000, nanos: tracked.last.nanos });
      tracked.repeatUntil = tracked.last;
    } else {
      if (this.since) query.since = engineTimestamp(this.since);
      const tail = this.options.tail ?? (this.since ? 'all' : DEFAULTS.tail);
      query.tail = tail === 'all' ? 'all' : Math.max(0, Math.floor(tail));
    }
    if (this.until) query.until = engineTimestamp(this.until);
    let stream: Readable;
    let tty = false;
    try {
      const inspect = await container.inspect();
      tty = inspect.Config?.Tty === true;
      stream = await openLogsStream(this.docker, tracked.info.containerId, query);
    } catch (error) {
      tracked.opening = false;
      if (this.disposed) return;
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) {
        tracked.info.state = 'removed';
        tracked.readToEnd = true;
      } else {
        this.emit('warning', `Could not read the logs of ${tracked.info.container}: ${error instanceof Error ? error.message : String(error)}`);
        tracked.readToEnd = !this.follow;
        this.scheduleReopen(tracked);
      }
      this.checkEnded();
      return;
    }
    tracked.opening = false;
    if (this.disposed || tracked.info.state === 'removed') {
      stream.destroy();
      return;
    }
    tracked.stream = stream;
    tracked.info.streaming = true;
    tracked.lastArrival = Date.now();
    const reader = new LogStreamReader(tty, this.maxLineChars, (raw) => this.onRawLine(tracked, raw));
    stream.on('data', (chunk: Buffer) => {
      tracked.lastArrival = Date.now();
      try {
        reader.push(chunk);
      } catch (error) {
        this.emit('warning', `The log stream of ${tracked.info.container} broke: ${error instanceof Error ? error.message : String(error)}`);
        stream.destroy();
      }
    });
    let done = false;
    const ended = (error?: Error) => {
      if (done) return;
      done = true;
      if (!error) reader.end();
      if (tracked.stream !== stream) return;
      tracked.stream = undefined;
      tracked.info.streaming = false;
      if (this.disposed) return;
      const stillRunning = tracked.info.state === 'running' || tracked.info.state === 'paused';
      if (!this.follow || !stillRunning) tracked.readToEnd = true;
      // A follow stream can end while the container runs (the engine restarted the log reader, a
      // proxy closed it): continue from the last line shortly.
      else if (this.session?.connected) this.scheduleReopen(tracked);
      this.checkEnded();
    };
    stream.on('end', () => ended());
    stream.on('close', () => ended());
    stream.on('error', (error) => ended(error));
  }

  private scheduleReopen(tracked: Tracked): void {
    if (!this.follow || this.disposed) return;
    clearTimeout(tracked.reopenTimer);
    tracked.reopenTimer = setTimeout(() => this.ensureStream(tracked), 1000);
  }

  /** The engine went away: every stream closes; on reconnect, each continues from its last line. */
  private closeStreams(): void {
    for (const tracked of this.tracked.values()) {
      clearTimeout(tracked.reopenTimer);
      const stream = tracked.stream;
      tracked.stream = undefined;
      tracked.info.streaming = false;
      tracked.opening = false;
      stream?.destroy();
    }
  }

  private onRawLine(tracked: Tracked, raw: RawLine): void {
    const at = raw.at;
    if (tracked.repeatUntil) {
      if (timeBefore(at, tracked.repeatUntil)) return; // sent by the previous stream already
      tracked.repeatUntil = undefined;
    }
    if (this.until && !timeBefore(at, { secondMs: this.until.seconds * 1000, nanos: this.until.nanos })) return;
    tracked.last = at;
    tracked.lastTime = at.time;
    let message = visibleControls(raw.bytes.toString('utf8'));
    if (raw.droppedBytes > 0 || message.length > this.maxLineChars) {
      message = message.slice(0, this.maxLineChars) + TRUNCATED_MARKER;
    }
    const { level, source } = tracked.levels[raw.stream].next(message, raw.stream);
    const info = tracked.info;
    this.pending.push({
      seq: this.arrivals++, // arrival order until released; the final seq is given then
      time: at.time,
      timeText: at.text,
      service: info.service,
      container: info.container,
      containerId: info.containerId,
      replica: info.replica,
      stream: raw.stream,
      level,
      levelSource: source,
      message,
    });
  }

  // --- merge --------------------------------------------------------------------------------------

  /** Emits the held lines that no open stream can still precede, in time order. */
  private flush(): void {
    if (this.disposed) return;
    const now = Date.now();
    this.checkpoints.push({ arrival: this.arrivals, at: now });
    let forcedBefore = 0;
    while (this.checkpoints.length && now - this.checkpoints[0].at >= MAX_HOLD_MS) {
      forcedBefore = this.checkpoints.shift()!.arrival;
    }
    if (!this.pending.length) return;
    let watermark = Infinity;
    for (const tracked of this.tracked.values()) {
      if (tracked.opening) watermark = -Infinity;
      else if (tracked.stream && now - tracked.lastArrival < this.reorderWindowMs) {
        watermark = Math.min(watermark, tracked.lastTime);
      }
    }
    const pending = this.pending;
    pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
    let release = 0;
    for (let i = 0; i < pending.length; i++) {
      if (pending[i].time <= watermark || pending[i].seq < forcedBefore) release = i + 1;
    }
    if (!release) return;
    const batch = release === pending.length ? pending : pending.slice(0, release);
    this.pending = release === pending.length ? [] : pending.slice(release);
    for (const line of batch) {
      line.seq = this.nextSeq++;
      this.ring.push(line);
    }
    this.emit('lines', { lines: batch, firstSeq: this.ring.firstSeq ?? this.nextSeq });
  }

  private checkEnded(): void {
    if (this.follow || this.ended || !this.listedOnce) return;
    for (const tracked of this.tracked.values()) if (tracked.opening || tracked.stream) return;
    this.ended = true;
    // Every stream is done: nothing can precede the held lines any more.
    this.flush();
    if (this.pending.length) {
      this.checkpoints = [{ arrival: this.arrivals, at: 0 }];
      this.flush();
    }
    clearInterval(this.flushTimer);
    this.emit('end');
    for (const resolve of this.endWaiters.splice(0)) resolve();
  }
}
