// Sizes as Compose reads them (docker/go-units). How `docker stats` prints them is src/shared/units.ts's
// (one units module for the engines, the CLI, the extension and the pages), re-exported here under
// the names the stats engine has used.
export { dockerBytesSize as bytesSize, dockerHumanSize as humanSize, dockerPercent as formatPercent, friendlyBytes, goFormatG } from '../shared/units';

/** go-units RAMInBytes: "512M", "1g", "1.5GiB", "64mb", or a plain number of bytes; binary multiples. */
export function parseMemory(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)*) ?([kmgtp])?i?b?\s*$/i.exec(value);
  if (!match) return undefined;
  const power = match[2] ? 'kmgtp'.indexOf(match[2].toLowerCase()) + 1 : 0;
  return Math.trunc(parseFloat(match[1]) * 1024 ** power);
}

/** cpus: 0.5, "1.5". */
export function parseCpus(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** "10 min", "45 s", "2 h 5 min". */
export function friendlyDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
