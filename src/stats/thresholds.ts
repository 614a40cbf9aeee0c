// Threshold levels (the operators' table: CPU 70/85 %, memory 80/90 % of the limit) and the
// "critical for N seconds" detector behind notifications: one notification per episode.
import type { CriticalEpisode, DeclaredResources, ThresholdLevel, Thresholds } from './types';
import { friendlyBytes, friendlyDuration } from './units';

export function levelOf(value: number, bounds: { warning: number; critical: number }): ThresholdLevel {
  if (value > bounds.critical) return 'critical';
  if (value >= bounds.warning) return 'warning';
  return 'ok';
}

/**
 * CPU use for thresholds: docker stats' CPU % relative to the service's CPU limit when it declares one
 * (0.5 CPUs at 45 % is 90 % of what it may use), else as docker stats shows it.
 */
export function cpuUse(cpuPercent: number, declared: DeclaredResources): number {
  return declared.cpuLimit && declared.cpuLimit > 0 ? cpuPercent / declared.cpuLimit : cpuPercent;
}

export function worseLevel(a: ThresholdLevel, b: ThresholdLevel): ThresholdLevel {
  const rank = { ok: 0, warning: 1, critical: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

/** Validate thresholds from a setting; anything malformed falls back to the defaults per field. */
export function sanitizeThresholds(value: unknown, defaults: Thresholds): Thresholds {
  const pick = (group: unknown, fallback: { warning: number; critical: number }) => {
    const g = (typeof group === 'object' && group !== null ? group : {}) as Record<string, unknown>;
    const warning = typeof g.warning === 'number' && g.warning >= 0 ? g.warning : fallback.warning;
    const critical = typeof g.critical === 'number' && g.critical >= warning ? g.critical : Math.max(warning, fallback.critical);
    return { warning, critical };
  };
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return { cpu: pick(v.cpu, defaults.cpu), memory: pick(v.memory, defaults.memory) };
}

/**
 * Tracks one metric of one service. `update` returns an episode exactly once when the level has been
 * critical for `criticalForMs`; the episode ends only after `calmMs` below critical, so a value
 * flapping around the threshold does not notify again.
 */
export class CriticalDetector {
  private criticalSince: number | undefined;
  private calmSince: number | undefined;
  private notified = false;

  constructor(
    private readonly criticalForMs: number,
    private readonly calmMs = 10_000,
  ) {}

  update(level: ThresholdLevel, now: number): { criticalForMs: number } | undefined {
    if (level === 'critical') {
      this.calmSince = undefined;
      this.criticalSince ??= now;
      if (!this.notified && now - this.criticalSince >= this.criticalForMs) {
        this.notified = true;
        return { criticalForMs: now - this.criticalSince };
      }
      return undefined;
    }
    if (this.criticalSince === undefined) return undefined;
    this.calmSince ??= now;
    if (now - this.calmSince >= this.calmMs) {
      this.criticalSince = undefined;
      this.calmSince = undefined;
      this.notified = false;
    }
    return undefined;
  }

  get inEpisode(): boolean {
    return this.criticalSince !== undefined;
  }
}

export type { CriticalEpisode };

/** "limit 512 MiB, peak 61 MiB over 10 min" (reservation too when declared). */
export function rightSizingHint(
  declared: DeclaredResources,
  peakMemoryBytes: number | undefined,
  observedForMs: number | undefined,
): string | undefined {
  if (peakMemoryBytes === undefined || observedForMs === undefined) return undefined;
  const parts: string[] = [];
  if (declared.memoryLimitBytes !== undefined) parts.push(`limit ${friendlyBytes(declared.memoryLimitBytes)}`);
  if (declared.memoryReservationBytes !== undefined) parts.push(`reservation ${friendlyBytes(declared.memoryReservationBytes)}`);
  if (!parts.length) return undefined;
  parts.push(`peak ${friendlyBytes(peakMemoryBytes)} over ${friendlyDuration(observedForMs)}`);
  return parts.join(', ');
}
