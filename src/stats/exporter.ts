// The exporter's engine side: every running container of one engine followed through the stats
// engine's own session and streams (one streaming stats request per container, as the view does),
// each container inspected once for its labels and limits, and a cAdvisor-compatible exposition
// written from what is already in memory. A scrape reads no engine: no polling per scrape.
import { EventEmitter } from 'node:events';
import { readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type Docker from 'dockerode';
import { resolveDockerTarget, type DockerTarget } from '../docker/connection';
import { ownedDockerClient } from './engineClient';
import { CadvisorExposition, cadvisorMachine, cadvisorSpec, cadvisorUsage, numberDevice, type CadvisorMachine, type CadvisorSpec, type DeviceNamer, type ExposedContainer } from './cadvisor';
import { isRunning } from './containers';
import type { StatsCollectorMode } from './cgroupCollector';
import { ContainerStreams, type TrackedContainer } from './containerStreams';
import { DirectStats } from './directStats';
import type { EngineContainerInspect, EngineInfo } from './engineJson';
import { EngineSession } from './engineSession';
import type { ConnectionState } from './types';

export interface ExporterOptions {
  /** stevedore.dockerHost / --host; default DOCKER_HOST, the docker context, the platform default. */
  dockerHost?: string;
  /** How messages name that setting (the CLI: `--host`). */
  settingName?: string;
  env?: NodeJS.ProcessEnv;
  /** A stats stream silent this long (ms) is reopened and its container left out meanwhile (default 15000). */
  statsStallMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** `auto` (default): a local engine's containers read from their cgroup files; `api`: stats streams only. */
  statsCollector?: StatsCollectorMode;
}

export interface ExporterEvents {
  connection: [ConnectionState];
  /** Something worth a line on stderr that did not stop the exporter. */
  warning: [string];
}

/** Block devices named as cAdvisor names them (`/dev/sda`) when the engine runs on this machine. */
function sysfsDeviceNamer(): DeviceNamer {
  const names = new Map<string, string>();
  return (major, minor) => {
    const key = `${major}:${minor}`;
    let name = names.get(key);
    if (name === undefined) {
      try {
        name = `/dev/${basename(readlinkSync(`/sys/dev/block/${key}`))}`;
      } catch {
        name = key;
      }
      names.set(key, name);
    }
    return name;
  };
}

export class ContainerExporter extends EventEmitter<ExporterEvents> {
  readonly target: DockerTarget;
  private readonly docker: Docker;
  private readonly session: EngineSession;
  /** Closes the client's sockets when this object made the client (not when one was passed in). */
  private readonly releaseClient?: () => void;
  private readonly streams: ContainerStreams;
  private readonly direct?: DirectStats;
  private readonly exposition: CadvisorExposition;
  /** Inspect results per container id; `null` while the inspect is on its way. */
  private readonly specs = new Map<string, CadvisorSpec | null>();
  private info?: Promise<EngineInfo | undefined>;
  /** The engine's NCPU and MemTotal once its info was read (per connection). */
  private machine?: CadvisorMachine;
  private scanTimer?: NodeJS.Timeout;
  private disposed = false;

  constructor(options: ExporterOptions = {}, docker?: Docker) {
    super();
    const { dockerHost: setting, settingName, env } = options;
    this.target = resolveDockerTarget({ setting, settingName, env });
    // A client made here is this object's: its pooled sockets close on dispose() (engineClient.ts).
    const owned = docker ? undefined : ownedDockerClient(this.target);
    this.docker = owned?.docker ?? (docker as Docker);
    this.releaseClient = owned?.dispose;
    const local = this.target.host.startsWith('unix://') || this.target.host.startsWith('npipe://');
    this.direct = DirectStats.forTarget(options.statsCollector, this.target, (message) => setImmediate(() => this.emit('warning', message)));
    this.exposition = new CadvisorExposition(local && process.platform === 'linux' ? sysfsDeviceNamer() : numberDevice);
    this.session = new EngineSession(
      this.docker,
      this.target,
      { reconnectMinMs: options.reconnectMinMs ?? 500, reconnectMaxMs: options.reconnectMaxMs ?? 10_000 },
      {
        scope: () => ({ kind: 'engine' }),
        onListed: (containers) => {
          this.streams.reconcile(containers);
          // The machine's CPUs and memory for machine_* (also where no container runs yet).
          void this.engineInfo();
        },
        onEvent: (event) => {
          this.streams.applyEvent(event, { kind: 'engine' });
          const action = (event.Action ?? event.status ?? '').split(':')[0];
          const id = event.Actor?.ID ?? event.id;
          if (!id) return;
          // Only running containers are followed: a stopped one is forgotten (its 'start' brings it back),
          // so an engine that keeps thousands of exited containers costs nothing here.
          if (action === 'die') this.streams.drop(id);
          // Limits change with `docker update`, the name with a rename: inspect again on the next sample.
          if (['update', 'rename', 'start', 'die', 'destroy'].includes(action)) this.specs.delete(id);
        },
        onLost: () => {
          this.streams.closeAll();
          this.direct?.reset();
          this.specs.clear();
          this.info = undefined;
          this.machine = undefined;
        },
        onConnection: (state) => this.emit('connection', state),
      },
    );
    this.streams = new ContainerStreams({
      docker: this.docker,
      historyPoints: 2,
      statsStallMs: options.statsStallMs ?? 15_000,
      countLogErrors: () => false,
      keepDocuments: true,
      direct: this.direct,
      wantsStats: () => true,
      connected: () => this.session.connected,
      disposed: () => this.disposed,
      osType: () => this.session.osType,
      onSample: () => undefined,
      onErrorLine: () => undefined,
      changed: () => this.scheduleScan(),
    });
  }

  get connectionState(): ConnectionState {
    return this.session.connectionState;
  }

  get contentType(): string {
    return this.exposition.contentType;
  }

  /** Connect and follow every running container. Resolves after the first attempt, connected or not. */
  start(): Promise<void> {
    return this.session.connect();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.scanTimer);
    this.session.dispose();
    this.streams.dispose();
    this.direct?.dispose();
    this.releaseClient?.();
  }

  /** The running containers the exposition shows now, with their samples (those not inspected yet are left out). */
  containers(): ExposedContainer[] {
    if (!this.session.connected) return [];
    const shown: ExposedContainer[] = [];
    const live = new Set<string>();
    for (const tracked of this.streams.all()) {
      if (!isRunning(tracked.info.state)) continue;
      const id = tracked.info.containerId;
      live.add(id);
      const spec = this.specs.get(id);
      if (!spec) continue;
      const doc = tracked.sample ? tracked.document : undefined;
      if (!doc) shown.push({ spec });
      else shown.push({ spec, usage: cadvisorUsage(doc, this.session.osType), readAt: tracked.sample?.readAt });
    }
    for (const id of this.specs.keys()) if (!live.has(id)) this.specs.delete(id);
    return shown.sort((a, b) => a.spec.name.localeCompare(b.spec.name));
  }

  /** One exposition in Prometheus' text format, from memory (the engine's info is read once per connection). */
  async metrics(): Promise<string> {
    if (this.session.connected && !this.machine) await this.engineInfo();
    const connected = this.session.connected;
    return this.exposition.write(this.containers(), connected, Date.now(), connected ? this.machine : undefined);
  }

  /**
   * Resolves when the engine is connected and every running container has its spec and one sample
   * (for `--print`), or after `timeoutMs` with the names of those still without one.
   */
  async settled(timeoutMs: number): Promise<{ waitingFor: string[] }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting = this.session.connected
        ? this.streams.all().filter((t) => isRunning(t.info.state) && !(t.sample && this.specs.get(t.info.containerId)))
        : undefined;
      if (waiting && !waiting.length) return { waitingFor: [] };
      if (Date.now() >= deadline || this.disposed) return { waitingFor: waiting?.map((t) => t.info.container) ?? [] };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Containers seen for the first time are inspected soon after (batched: `changed` fires per stats line). */
  private scheduleScan(): void {
    if (this.scanTimer || this.disposed) return;
    this.scanTimer = setTimeout(() => {
      this.scanTimer = undefined;
      if (!this.session.connected) return;
      for (const tracked of this.streams.all()) {
        if (isRunning(tracked.info.state) && !this.specs.has(tracked.info.containerId)) this.inspect(tracked);
      }
    }, 100);
    this.scanTimer.unref?.();
  }

  /** GET /info once per connection; a failure is forgotten so that the next scrape or inspect asks again. */
  private engineInfo(): Promise<EngineInfo | undefined> {
    if (this.info) return this.info;
    const asked = (this.info = this.docker.info().then(
      (info) => {
        const read = info as EngineInfo;
        if (this.info === asked) this.machine = cadvisorMachine(read);
        return read;
      },
      () => {
        if (this.info === asked) this.info = undefined;
        return undefined;
      },
    ));
    return asked;
  }

  private inspect(tracked: TrackedContainer): void {
    const id = tracked.info.containerId;
    this.specs.set(id, null);
    Promise.all([this.docker.getContainer(id).inspect() as Promise<EngineContainerInspect>, this.engineInfo()]).then(
      ([inspect, info]) => {
        const current = this.specs.get(id) === null && this.streams.get(id) === tracked;
        if (current) this.specs.set(id, cadvisorSpec(inspect, info));
      },
      () => {
        // Gone between the list and the inspect (its events say so), or the engine went away.
        // The next stats line or event tries again.
        if (this.specs.get(id) === null) this.specs.delete(id);
      },
    );
  }
}
