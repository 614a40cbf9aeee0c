// `--no-stream`: one sample of every running container of the project. The engine's non-streaming
// stats call waits for a second reading itself, so CPU % is real, as in `docker stats --no-stream`.
import type Docker from 'dockerode';
import { connectDocker, DockerEngineError, resolveDockerTarget, type DockerTarget } from '../docker/connection';
import { isEmptyStats, sampleFromStats, type EngineOsType } from './calculate';
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
}

export async function sampleOnce(options: SampleOnceOptions): Promise<StatsSnapshot> {
  const project = loadComposeProject(options);
  const { docker, target } = options.docker
    ? { docker: options.docker, target: resolveDockerTarget({ setting: options.dockerHost, env: options.env }) }
    : await connectDocker({ setting: options.dockerHost, settingName: options.settingName, env: options.env });
  const version = (await docker.version()) as { Os?: string } | null;
  const osType: EngineOsType = version?.Os === 'windows' ? 'windows' : 'linux';
  const containers = await listServiceContainers(docker, project);
  const views: ContainerView[] = await Promise.all(
    containers.map(async (info): Promise<ContainerView> => {
      if (!isRunning(info.state)) return { info };
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
