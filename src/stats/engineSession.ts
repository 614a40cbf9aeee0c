// The monitor's (and the exporter's) link to the engine: connect (ping, version), follow the engine's
// container events, list the scope's containers again after each (re)connection, and reconnect with backoff when
// the engine goes away. What the containers do is the monitor's business, told through hooks.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { DockerEngineError, pingDocker, unreachableMessage, type DockerTarget } from '../docker/connection';
import type { EngineOsType } from './calculate';
import { listScopeContainers, type ContainerScope, type ServiceContainer } from './containers';
import type { EngineEvent } from './engineJson';
import { onLines } from './streams';
import type { ConnectionState, DisconnectReason } from './types';

export interface EngineSessionHooks {
  /** Which containers to follow: the compose project as it is now (it changes when the files are edited), or all. */
  scope(): ContainerScope;
  /** The scope's containers, as listed after a (re)connection or on resync(). */
  onListed(containers: ServiceContainer[]): void;
  /** One container event from the engine's events stream. */
  onEvent(event: EngineEvent): void;
  /** The engine went away: close every stream, forget the samples. */
  onLost(): void;
  onConnection(state: ConnectionState): void;
}

export interface EngineSessionOptions {
  /** First and largest delay between reconnection attempts, in ms. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

/** Why the engine is out of reach, as the view tells it. */
export function disconnectReason(error: unknown): DisconnectReason {
  if (error instanceof DockerEngineError) return error.kind === 'timeout' || error.kind === 'too-large' ? 'unresponsive' : 'not-an-engine';
  return 'unreachable';
}

export class EngineSession {
  private events?: Readable;
  private state: ConnectionState;
  private live = false;
  private connecting = false;
  private disposed = false;
  private reconnectTimer?: NodeJS.Timeout;
  private backoffMs: number;
  private engineOs: EngineOsType = 'linux';

  constructor(
    readonly docker: Docker,
    readonly target: DockerTarget,
    private readonly options: EngineSessionOptions,
    private readonly hooks: EngineSessionHooks,
  ) {
    this.backoffMs = options.reconnectMinMs;
    this.state = { state: 'connecting', host: target.host };
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** True while the events stream is open and the containers are listed. */
  get connected(): boolean {
    return this.live;
  }

  /** The engine's OS, which decides how CPU % is computed. */
  get osType(): EngineOsType {
    return this.engineOs;
  }

  /** One attempt; on failure the next is scheduled with backoff (see 'connection'). */
  async connect(): Promise<void> {
    if (this.disposed || this.connecting) return;
    this.connecting = true;
    try {
      await pingDocker(this.docker, 5000);
      const version = (await this.docker.version()) as { Os?: string } | null;
      this.engineOs = version?.Os === 'windows' ? 'windows' : 'linux';
      await this.openEvents();
      this.live = true;
      await this.resync();
      this.backoffMs = this.options.reconnectMinMs;
      this.setConnection({ state: 'connected', host: this.target.host });
    } catch (error) {
      this.live = false;
      this.events?.destroy();
      this.events = undefined;
      this.scheduleReconnect(error);
    } finally {
      this.connecting = false;
    }
  }

  /** List the scope's containers and hand them to the monitor to reconcile. */
  async resync(): Promise<void> {
    this.hooks.onListed(await listScopeContainers(this.docker, this.hooks.scope()));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    this.events?.destroy();
    this.events = undefined;
  }

  private setConnection(state: ConnectionState): void {
    this.state = state;
    this.hooks.onConnection(state);
  }

  private scheduleReconnect(error: unknown): void {
    if (this.disposed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.reconnectMaxMs);
    this.hooks.onLost();
    this.setConnection({ state: 'disconnected', host: this.target.host, message: unreachableMessage(this.target, error), retryInMs: delay, reason: disconnectReason(error) });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private async openEvents(): Promise<void> {
    const stream = (await this.docker.getEvents({ filters: { type: ['container'] } })) as unknown as Readable;
    this.events?.destroy();
    this.events = stream;
    onLines(stream, (line) => {
      if (!line) return;
      try {
        this.hooks.onEvent(JSON.parse(line) as EngineEvent);
      } catch {
        /* a malformed event line is skipped; the next resync corrects the state */
      }
    });
    const lost = (error?: Error) => {
      if (this.events !== stream || this.disposed) return;
      this.events = undefined;
      this.live = false;
      // The events stream ends when the engine stops: find out whether it is gone or just closed the stream.
      this.docker.ping().then(
        () => void this.connect(),
        (pingError: unknown) => this.scheduleReconnect(pingError ?? error),
      );
    };
    stream.on('error', lost);
    stream.on('end', () => lost());
    stream.on('close', () => lost());
  }
}
