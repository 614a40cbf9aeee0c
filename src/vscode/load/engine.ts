// The one place the panel talks to the load engine (src/load, through its index.ts): a run with an
// AbortSignal and one tick a second, the result mapped to the page's card, the comparison of two
// runs and the remote-host guard, each computed by the engine the CLI uses too.
import { checkTargetAllowed, compareResults, composeSaturationProbe, type LoadResult, RemoteTargetError, resultJson, runLoad } from '../../load';
import type { MonitorOptions, MonitorRegistry } from '../../stats';
import { describeSettings, type LoadFormValues, type LoadResultView, type LoadTick } from '../../shared/protocol/load';
import type { StoredRun } from './history';
import type { ServiceTarget } from './target';

export interface RunRequest {
  url: string;
  values: LoadFormValues;
  target: ServiceTarget;
  allowRemote: boolean;
  signal: AbortSignal;
  /** dist/features/load-worker.js: the traffic leaves the extension host's thread. */
  trafficWorker: string;
  onTick(tick: LoadTick): void;
  /** The host's, shared with the Container stats view: the probe reads through the view's monitor. */
  monitors: MonitorRegistry;
  /** stevedore.stats.collector, as the view reads it (the same monitor is found only with the same). */
  statsCollector: MonitorOptions['statsCollector'];
}

export interface EngineRun {
  view: LoadResultView;
  /** The engine's result as `stevedore load --format json` writes it. */
  json: unknown;
}

export async function startRun(request: RunRequest): Promise<EngineRun> {
  const { url, values, target, allowRemote, signal, trafficWorker, onTick, monitors, statsCollector } = request;
  const project = target.target;
  const result = await runLoad(
    {
      url,
      ...(values.mode === 'requests' ? { requests: values.requests } : { durationSeconds: values.durationSeconds }),
      concurrency: values.concurrency,
      ...(values.rate !== null ? { rate: values.rate } : {}),
      allowRemote,
    },
    {
      signal,
      trafficWorker,
      onProgress: (progress) => onTick({
        at: progress.atMs / 1000,
        requestsDone: progress.requestsDone,
        requestsPerSecond: progress.requestsPerSecond,
        latencyMs: progress.latencyMs,
        errors: progress.errors,
        cpuPercent: progress.saturation?.cpuPercent ?? null,
        memoryBytes: progress.saturation?.memoryBytes ?? null,
      }),
      saturation: composeSaturationProbe({
        folder: project.folder.uri.fsPath,
        files: project.files,
        ...(project.projectName ? { projectName: project.projectName } : {}),
        dockerHost: project.dockerHost,
        statsCollector,
        service: target.service,
        monitors,
      }),
    },
  );
  const saturation = result.saturation
    ? {
      cpuPercentPeak: result.saturation.cpuPercentPeak,
      cpuPercentMean: result.saturation.cpuPercentMean,
      memoryPeakBytes: result.saturation.memoryPeakBytes,
      memoryLimitBytes: result.saturation.memoryLimitBytes ?? target.memoryLimitBytes ?? 0,
    }
    : null;
  const view: LoadResultView = {
    url,
    requests: result.requests,
    durationSeconds: result.durationSeconds,
    requestsPerSecond: result.requestsPerSecond,
    latencyMs: result.latencyMs,
    errors: {
      total: result.errors.total,
      rate: result.errors.rate,
      byKind: Object.entries(result.errors.byKind).map(([kind, count]) => ({ kind, count })),
    },
    saturation,
    cancelled: result.cancelled,
    settings: describeSettings(values),
    finishedAt: result.finishedAt,
  };
  return { view, json: JSON.parse(resultJson(result)) as unknown };
}

export function compareRuns(previous: StoredRun, current: StoredRun): string[] {
  const before = previous.result as LoadResult | undefined;
  const after = current.result as LoadResult | undefined;
  return before && after ? compareResults(before, after) : [];
}

/** The host to name in the confirmation when `url` is not this machine, else undefined (the CLI's rule). */
export function remoteHost(url: string, workspacePorts: number[]): string | undefined {
  try {
    checkTargetAllowed(url, { workspacePorts });
    return undefined;
  } catch (error) {
    if (error instanceof RemoteTargetError) return error.host.replace(/^\[|\]$/g, '');
    throw error;
  }
}
