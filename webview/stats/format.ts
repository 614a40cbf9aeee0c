// How numbers read in the view: exactly as `docker stats` prints them, from the engine's own
// formatters (memory "40.4MiB / 64MiB", I/O "1.17kB", CPU "12.34%"), plus "/s" for rates.
import { bytesSize, formatPercent, humanSize } from '../../src/stats/units';

export { formatPercent };
export const formatMemory = (bytes: number): string => bytesSize(bytes);
export const formatRate = (bytesPerSecond: number | undefined): string =>
  bytesPerSecond === undefined ? '–' : `${humanSize(bytesPerSecond)}/s`;
/** A limit of 0 means the engine reports none (Windows containers; docker stats prints "--"). */
export const formatMemoryUsage = (used: number, limit: number): string =>
  limit > 0 ? `${bytesSize(used)} / ${bytesSize(limit)}` : bytesSize(used);
/** Axis labels: short, no decimals beyond what a 130 px chart can show. */
export const formatAxisPercent = (percent: number): string => `${Math.round(percent * 10) / 10}%`;
/** Memory axis labels: three significant digits ("382MiB", "1.5GiB"). */
export function formatAxisMemory(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (bytes >= 1024 && unit < units.length - 1) {
    bytes /= 1024;
    unit++;
  }
  return `${Number(bytes.toPrecision(3))}${units[unit]}`;
}
