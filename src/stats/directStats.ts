// Whether a monitor or exporter reads its containers directly (cgroup files) or through the engine's
// stats streams: the setting (auto | cgroup | api), the engine's address (a unix socket on this
// Linux machine), then per container its placement (cgroupCollector.ts). One collector, and one
// /info per connection, shared by every container of the consumer.
import type Docker from 'dockerode';
import type { DockerTarget } from '../docker/connection';
import { CgroupCollector, type CgroupEngineInfo, type CgroupInspect, type CgroupPlacement, type StatsCollectorMode } from './cgroupCollector';

export class DirectStats {
  readonly collector: CgroupCollector;
  private info?: Promise<CgroupEngineInfo | undefined>;
  private readonly warned = new Set<string>();

  constructor(
    readonly mode: StatsCollectorMode,
    private readonly warn: (message: string) => void,
    collector?: CgroupCollector,
  ) {
    this.collector = collector ?? new CgroupCollector();
  }

  /**
   * The direct path for this target, or undefined when it keeps the streams: `api`, or an engine not
   * reached through a unix socket of this Linux machine (tcp, ssh, Docker Desktop's VM is caught
   * per container). With `cgroup` the reason is warned about once.
   */
  static forTarget(
    mode: StatsCollectorMode | undefined,
    target: DockerTarget,
    warn: (message: string) => void,
  ): DirectStats | undefined {
    const chosen = mode ?? 'auto';
    if (chosen === 'api') return undefined;
    const local = process.platform === 'linux' && target.host.startsWith('unix://');
    if (!local) {
      if (chosen === 'cgroup') warn(`stats collector "cgroup": the engine at ${target.host} is not on this machine; reading its stats streams instead.`);
      return undefined;
    }
    return new DirectStats(chosen, warn);
  }

  /** Where a container's files are (inspect + /info), or why it keeps a stream. */
  async place(docker: Docker, containerId: string): Promise<CgroupPlacement> {
    const inspecting = docker.getContainer(containerId).inspect() as Promise<CgroupInspect>;
    const [inspect, info] = await Promise.all([inspecting, this.engineInfo(docker)]);
    if (!info) return { ok: false, reason: "the engine's /info did not answer" };
    return this.collector.place(inspect, info);
  }

  /** A container keeps its stream: said once per reason with `cgroup`, silently with `auto`. */
  fellBack(container: string, reason: string): void {
    if (this.mode !== 'cgroup' || this.warned.has(reason)) return;
    this.warned.add(reason);
    this.warn(`stats collector "cgroup": ${container} is read from the engine's stats stream (${reason}).`);
  }

  /** The engine went away: its /info is asked again on the next connection. */
  reset(): void {
    this.info = undefined;
  }

  dispose(): void {
    this.collector.dispose();
  }

  private engineInfo(docker: Docker): Promise<CgroupEngineInfo | undefined> {
    this.info ??= docker.info().then(
      (info) => info as CgroupEngineInfo,
      () => {
        this.info = undefined;
        return undefined;
      },
    );
    return this.info;
  }
}
