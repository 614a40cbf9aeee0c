// Saturation beside the load: the target service's CPU, memory, network and PIDs summed over its
// running replicas, read by the stats engine (the same numbers as Container stats and `docker
// stats`), one sample a second while the load runs. In the editor the probe shares the Container
// stats view's monitor (a MonitorRegistry), so a run opens no second stream for a container.
import { MonitorRegistry, type MonitorOptions, type ServiceState } from '../stats';
import type { LoadSaturation, SaturationProbe, SaturationSample } from './types';

export interface ComposeProbeOptions {
  folder: string;
  files?: string[];
  projectName?: string;
  dockerHost?: string;
  settingName?: string;
  env?: NodeJS.ProcessEnv;
  /** stevedore.stats.collector / --collector: the view's, so both find the same monitor. */
  statsCollector?: MonitorOptions['statsCollector'];
  service: string;
  /** Where the monitor is shared (the editor's, with the Container stats view); default: one of its own. */
  monitors?: MonitorRegistry;
}

/** The service's sum over replicas from one state of the monitor; undefined without a sample. */
export function serviceSample(state: ServiceState): SaturationSample | undefined {
  const total = state.total;
  if (!total) return undefined;
  const sampled = state.containers.filter((c) => c.sample);
  return {
    at: total.readAt || Date.now(),
    replicas: sampled.length,
    cpuPercent: total.cpuPercent,
    memoryBytes: total.memoryUsageBytes,
    memoryLimitBytes: total.memoryLimitBytes,
    netRxBytes: total.netRxBytes,
    netTxBytes: total.netTxBytes,
    pids: total.pids,
  };
}

/**
 * A probe following the compose service's replicas through the stats engine's monitor (cgroup
 * files for a local engine, else the engine's stats streams). Throws ComposeFileError when the
 * compose files cannot be read; an unreachable engine just gives no samples (saturation null).
 */
export function composeSaturationProbe(options: ComposeProbeOptions): SaturationProbe {
  return {
    async start(onSample) {
      // Live for its one service only: a hidden view's monitor streams just that service's replicas.
      const lease = (options.monitors ?? new MonitorRegistry()).acquire({
        folder: options.folder, files: options.files, projectName: options.projectName, dockerHost: options.dockerHost,
        settingName: options.settingName, env: options.env, statsCollector: options.statsCollector, countLogErrors: false, historyMinutes: 1,
      }, { live: true, services: [options.service] });
      let lastAt = 0;
      // A container's first reading has no reading before it, so its CPU is 0 % (as the engine's
      // first stats document, on both paths): a service sample counts only once every replica in it
      // has been read before, or a run would start with a CPU figure nothing measured.
      const firstReadAt = new Map<string, number>();
      lease.on('state', (states) => {
        const state = states.find((s) => s.service === options.service);
        const sample = state && serviceSample(state);
        if (!sample || sample.at <= lastAt) return;
        let baseline = true;
        for (const container of state.containers) {
          if (!container.sample) continue;
          const first = firstReadAt.get(container.sample.containerId);
          if (first === undefined) firstReadAt.set(container.sample.containerId, container.sample.readAt);
          if (first === undefined || first === container.sample.readAt) baseline = false;
        }
        if (!baseline) return;
        lastAt = sample.at;
        onSample(sample);
      });
      lease.on('warning', () => undefined);
      await lease.monitor.start();
      return () => lease.release();
    },
  };
}

/** Peak and mean over a run's samples; null without samples. */
export function summarizeSaturation(samples: readonly SaturationSample[]): LoadSaturation | null {
  if (samples.length === 0) return null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  let cpuSum = 0;
  const summary: LoadSaturation = {
    replicas: 0, samples: samples.length, cpuPercentPeak: 0, cpuPercentMean: 0, memoryPeakBytes: 0, memoryLimitBytes: 0,
    netRxBytes: Math.max(0, last.netRxBytes - first.netRxBytes), netTxBytes: Math.max(0, last.netTxBytes - first.netTxBytes), pidsPeak: 0,
  };
  for (const sample of samples) {
    cpuSum += sample.cpuPercent;
    summary.replicas = Math.max(summary.replicas, sample.replicas);
    summary.cpuPercentPeak = Math.max(summary.cpuPercentPeak, sample.cpuPercent);
    if (sample.memoryBytes >= summary.memoryPeakBytes) {
      summary.memoryPeakBytes = sample.memoryBytes;
      summary.memoryLimitBytes = sample.memoryLimitBytes;
    }
    summary.pidsPeak = Math.max(summary.pidsPeak, sample.pids);
  }
  summary.cpuPercentMean = Math.round((cpuSum / samples.length) * 100) / 100;
  summary.cpuPercentPeak = Math.round(summary.cpuPercentPeak * 100) / 100;
  return summary;
}
