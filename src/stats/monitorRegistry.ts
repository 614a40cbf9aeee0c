// One ComposeStatsMonitor per compose project and engine in a process, shared by whoever shows its
// stats (the Container stats view, a load test's saturation probe), so nothing is streamed or read
// twice. acquire() hands out a lease; the last release() disposes the monitor. Each lease says what it
// wants now, and the monitor reads only the union: live while any lease is, for the services the live
// leases show.
//
// The options of the first lease make the monitor (history, state interval, stall and reconnection
// times: the view and the probe ask for the same). A later lease that gives thresholds or
// criticalForSeconds sets them (the view gives them, the probe does not, so the view's win), and
// error lines are counted while any lease asks for it.
import { resolve } from 'node:path';
import { resolveDockerTarget } from '../docker/connection';
import { ComposeStatsMonitor, type MonitorEvents } from './monitor';
import type { MonitorInterest, MonitorOptions } from './types';

type Listener<K extends keyof MonitorEvents> = (...args: MonitorEvents[K]) => void;

export interface MonitorLease {
  /** The shared monitor: read it, act through it; never dispose it (release the lease). */
  readonly monitor: ComposeStatsMonitor;
  /** What this consumer wants now; the monitor follows the union of every lease's. */
  setInterest(interest: MonitorInterest): void;
  /** Listen to the monitor until release() (other leases' listeners stay). */
  on<K extends keyof MonitorEvents>(event: K, listener: Listener<K>): void;
  /** Done with it; the last lease disposes the monitor. Again: nothing. */
  release(): void;
}

interface Lease {
  interest: MonitorInterest;
  countLogErrors: boolean;
}

interface Shared {
  monitor: ComposeStatsMonitor;
  leases: Set<Lease>;
}

export class MonitorRegistry {
  private readonly shared = new Map<string, Shared>();

  /** Monitors held now (a test counts them). */
  get size(): number {
    return this.shared.size;
  }

  /**
   * The monitor of (folder, compose files, project name, engine host, collector), made from `options`
   * when no lease holds one. Throws what the monitor's constructor throws (ComposeFileError,
   * DockerConfigError). Call `lease.monitor.start()` once listening (it starts once).
   */
  acquire(options: MonitorOptions, interest: MonitorInterest): MonitorLease {
    const key = monitorKey(options);
    let shared = this.shared.get(key);
    if (!shared) {
      shared = { monitor: new ComposeStatsMonitor(options), leases: new Set() };
      this.shared.set(key, shared);
    } else {
      if (options.thresholds) shared.monitor.setThresholds(options.thresholds);
      if (options.criticalForSeconds !== undefined) shared.monitor.setCriticalForSeconds(options.criticalForSeconds);
    }
    const entry = shared;
    const lease: Lease = { interest, countLogErrors: options.countLogErrors ?? true };
    entry.leases.add(lease);
    this.update(entry);
    const removers: Array<() => void> = [];
    return {
      monitor: entry.monitor,
      setInterest: (next) => {
        lease.interest = next;
        if (entry.leases.has(lease)) this.update(entry);
      },
      on: (event, listener) => {
        // EventEmitter's typing cannot follow a generic event name here; the signature above checks it.
        const untyped = listener as never;
        entry.monitor.on(event, untyped);
        removers.push(() => entry.monitor.off(event, untyped));
      },
      release: () => {
        if (!entry.leases.delete(lease)) return;
        for (const remove of removers.splice(0)) remove();
        if (entry.leases.size > 0) {
          this.update(entry);
          return;
        }
        entry.monitor.dispose();
        this.shared.delete(key);
      },
    };
  }

  private update({ monitor, leases }: Shared): void {
    const wanted = unionOf([...leases].map((lease) => lease.interest));
    monitor.setCountLogErrors([...leases].some((lease) => lease.countLogErrors));
    monitor.setInterest(wanted);
  }
}

/** Live while any is; the services of the live ones (undefined, all, when one of them shows all). */
export function unionOf(interests: readonly MonitorInterest[]): MonitorInterest {
  const live = interests.filter((interest) => interest.live);
  if (live.length === 0) return { live: false };
  if (live.some((interest) => !interest.services)) return { live: true };
  return { live: true, services: [...new Set(live.flatMap((interest) => interest.services!))] };
}

/** Which monitor: the folder, its compose files and project name as given, the engine, the collector. */
function monitorKey(options: MonitorOptions): string {
  const folder = resolve(options.folder);
  const { dockerHost: setting, settingName, env } = options;
  const host = resolveDockerTarget({ setting, settingName, env }).host;
  const files = (options.files ?? []).map((file) => resolve(folder, file));
  return JSON.stringify([folder, files, options.projectName ?? '', host, options.statsCollector ?? 'auto']);
}
