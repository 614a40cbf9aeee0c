// Right-sizing arithmetic: a limit from an observed peak, rounded up to a size people write. Pure:
// the observations come from the stats engine (src/stats) through the caller, never from here.
import type { ServiceObservation } from './rule';

const MiB = 1024 * 1024;

/** The next "friendly" size at or above `bytes`: 16M, 24M, 32M, 48M, 64M, 96M, 128M, ... (1 and 1.5 × 2^n MiB). */
export function friendlyBytes(bytes: number): number {
  let size = 16 * MiB;
  while (size < bytes) {
    const half = size * 1.5;
    if (half >= bytes) return half;
    size *= 2;
  }
  return size;
}

/** How Compose reads it back: `96M`, `1536M`, `2G`. */
export function composeSize(bytes: number): string {
  const mib = Math.round(bytes / MiB);
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** For messages: `61 MiB`, `1.5 GiB`, `900 KiB`. */
export function humanBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / 1024 / MiB).toFixed(1).replace(/\.0$/, '')} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(bytes >= 10 * MiB ? 0 : 1).replace(/\.0$/, '')} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

/** CPUs rounded up to a step that reads well: 0.05 below 0.5, 0.1 below 2, 0.5 above; at least 0.05. */
export function friendlyCpus(cpus: number): number {
  const step = cpus < 0.5 ? 0.05 : cpus < 2 ? 0.1 : 0.5;
  return Math.max(0.05, Math.round(Math.ceil(cpus / step - 1e-9) * step * 100) / 100);
}

/** `42 min`, `3 h 5 min`, `40 s`. */
export function humanWindow(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export interface Suggestion {
  /** Limit: peak × headroom, rounded up. */
  limitBytes: number;
  /** Reservation: the peak itself, rounded up (what the service needs to run as observed). */
  reservationBytes: number;
  limitCpus?: number;
  /** "it peaked at 61 MiB in the last 42 min" */
  peakText: string;
}

export function suggestion(observation: ServiceObservation, headroom: number): Suggestion {
  const safeHeadroom = Number.isFinite(headroom) && headroom >= 1 ? headroom : 1.5;
  const peak = Math.max(0, observation.peakMemoryBytes);
  const cpus = observation.peakCpus;
  return {
    limitBytes: friendlyBytes(peak * safeHeadroom),
    reservationBytes: friendlyBytes(peak),
    limitCpus: cpus !== undefined && cpus > 0 ? friendlyCpus(cpus * safeHeadroom) : undefined,
    peakText: `it peaked at ${humanBytes(peak)}${cpus !== undefined ? ` and ${(cpus * 100).toFixed(1)}% CPU` : ''} in the last ${humanWindow(observation.windowSeconds)}`,
  };
}

/** A size as Compose reads it (`512m`, `1g`, `64MiB`, 1048576), in bytes; undefined when unreadable. */
export function parseComposeSize(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(value.trim());
  if (!match) return undefined;
  const power = match[2] ? 'kmgtp'.indexOf(match[2].toLowerCase()) + 1 : 0;
  return Math.round(Number(match[1]) * 1024 ** power);
}
