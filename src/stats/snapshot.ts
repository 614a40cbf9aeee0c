// `--no-stream`: one sample of every running container of the project. The engine's non-streaming
// stats call waits for a second reading itself, so CPU % is real, as in `docker stats --no-stream`.
import type Docker from 'dockerode';
import { connectDocker, DockerEngineError, resolveDockerTarget, type DockerTarget } from '../docker/connection';
import { isEmptyStats, sampleFromStats, type EngineOsType } from './calculate';
import { CgroupCollector, type StatsCollectorMode } from './cgroupCollector';
import { DirectStats } from './directStats';
import { loadComposeProject } from './compose';
import { isRunning, listServiceContainers } from './containers';
import type { EngineStats } from './engineJson';
import { buildServiceStates, statsJsonRows, type ContainerView } from './serviceState';
import { DEFAULT_THRESHOLDS, type ComposeProject, type ServiceState, type StatsJsonRow, type Thresholds } from './types';

export interface StatsSnapshot {
  project: ComposeProject;
  target: DockerTarget;
  states: ServiceState[];
  rows: StatsJsonRow[];
}

export interface SampleOnceOptions {
  folder: string;
  files?: string[];
  projectName?: string;
  dockerHost?: string;
  /** How messages name the host setting (the CLI: `--host`). */
  settingName?: string;
  env?: NodeJS.ProcessEnv;
  thresholds?: Thresholds;
  /** An already connected client (tests); otherwise connects (DockerUnreachableError when it cannot). */
  docker?: Docker;
  /** `auto` (default): a local engine's containers read from their cgroup files, the rest from the engine. */
  statsCollector?: StatsCollectorMode;
  /** Where a direct-path message goes (the CLI: stderr). */
  onWarning?: (message: string) => void;
}

/** The engine's own interval between the two readings of a non-streaming stats call. */
const READING_INTERVAL_MS = 1000;

export async function sampleOnce(options: SampleOnceOptions): Promise<StatsSnapshot> {
  const project = loadComposeProject(options);
  const { docker, target } = options.docker
    ? { docker: options.docker, target: resolveDockerTarget({ setting: options.dockerHost, env: options.env }) }
    : await connectDocker({ setting: options.dockerHost, settingName: options.settingName, env: options.env });
  const version = (await docker.version()) as { Os?: string } | null;
  const osType: EngineOsType = version?.Os === 'windows' ? 'windows' : 'linux';
  const containers = await listServiceContainers(docker, project);
  const running = containers.filter((info) => isRunning(info.state)).map((info) => info.containerId);
  const direct = await readDirectly(docker, target, running, options);
  const views: ContainerView[] = await Promise.all(
    containers.map(async (info): Promise<ContainerView> => {
      if (!isRunning(info.state)) return { info };
      const directDoc = direct.get(info.containerId);
      if (directDoc) {
        const sample = sampleFromStats(directDoc, 'linux', info.container);
        sample.container = info.container;
        return { info, sample };
      }
      try {
        const doc = (await docker.getContainer(info.containerId).stats({ stream: false })) as unknown as EngineStats;
        if (isEmptyStats(doc)) return { info }; // stopped meanwhile, or not a stats document: no sample
        const sample = sampleFromStats(doc, osType, info.container);
        sample.container = info.container;
        return { info, sample };
      } catch (error) {
        // An engine that stops answering fails the whole sample with its message; a container that
        // stopped between the list and the stats call is shown stopped.
        if (error instanceof DockerEngineError) throw error;
        return { info: { ...info, state: 'exited' } };
      }
    }),
  );
  const states = buildServiceStates(project, views, options.thresholds ?? DEFAULT_THRESHOLDS);
  return { project, target, states, rows: statsJsonRows(states) };
}

/**
 * The direct path for `--no-stream`: every running container that can be read from its cgroup files
 * is read twice, one interval apart (as the engine's non-streaming call reads twice), all in the
 * same two ticks. Those it cannot read are left to the engine's stats call.
 */
async function readDirectly(
  docker: Docker,
  target: DockerTarget,
  ids: string[],
  options: SampleOnceOptions,
): Promise<Map<string, EngineStats>> {
  const documents = new Map<string, EngineStats>();
  const collector = new CgroupCollector({ intervalMs: 0 });
  const direct = DirectStats.forTarget(options.statsCollector, target, options.onWarning ?? (() => undefined));
  if (!direct || !ids.length) return documents;
  const placed = await Promise.all(ids.map((id) => direct.place(docker, id).catch(() => undefined)));
  ids.forEach((id, i) => {
    const placement = placed[i];
    if (!placement) return;
    if (!placement.ok) {
      direct.fellBack(id.slice(0, 12), placement.reason);
      return;
    }
    collector.add(id, id.slice(0, 12), placement, (doc) => documents.set(id, doc), () => documents.delete(id));
  });
  if (!collector.size) return documents;
  collector.tick();
  await new Promise((resolve) => setTimeout(resolve, READING_INTERVAL_MS));
  collector.tick();
  collector.dispose();
  direct.dispose();
  return documents;
}
