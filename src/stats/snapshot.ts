// `--no-stream`: one sample of every running container of the project. The engine's non-streaming
// stats call waits for a second reading itself, so CPU % is real, as in `docker stats --no-stream`.
import type Docker from 'dockerode';
import { connectDocker, resolveDockerTarget, type DockerTarget } from '../docker/connection';
import { sampleFromStats, type EngineOsType } from './calculate';
import { loadComposeProject } from './compose';
import { listServiceContainers } from './containers';
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
  env?: NodeJS.ProcessEnv;
  thresholds?: Thresholds;
  /** An already connected client (tests); otherwise connects (DockerUnreachableError when it cannot). */
  docker?: Docker;
}

export async function sampleOnce(options: SampleOnceOptions): Promise<StatsSnapshot> {
  const project = loadComposeProject(options);
  const { docker, target } = options.docker
    ? { docker: options.docker, target: resolveDockerTarget({ setting: options.dockerHost, env: options.env }) }
    : await connectDocker({ setting: options.dockerHost, env: options.env });
  const version = (await docker.version()) as { Os?: string };
  const osType: EngineOsType = version.Os === 'windows' ? 'windows' : 'linux';
  const containers = await listServiceContainers(docker, project);
  const views: ContainerView[] = await Promise.all(
    containers.map(async (info): Promise<ContainerView> => {
      if (info.state !== 'running' && info.state !== 'paused') return { info };
      try {
        const doc = (await docker.getContainer(info.containerId).stats({ stream: false })) as unknown as EngineStats;
        const sample = sampleFromStats(doc, osType, info.container);
        sample.container = info.container;
        return { info, sample };
      } catch {
        return { info: { ...info, state: 'exited' } }; // stopped between the list and the stats call
      }
    }),
  );
  const states = buildServiceStates(project, views, options.thresholds ?? DEFAULT_THRESHOLDS);
  return { project, target, states, rows: statsJsonRows(states) };
}
