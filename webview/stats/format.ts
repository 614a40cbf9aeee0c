// How numbers read in the view: exactly as `docker stats` prints them, from the shared units
// module (memory "40.4MiB / 64MiB", I/O "1.17kB", CPU "12.34%"), plus "/s" for rates.
import { dockerBytesSize, dockerHumanSize, dockerPercent } from '../../src/shared/units';

export const formatPercent = dockerPercent;
export const formatMemory = (bytes: number): string => dockerBytesSize(bytes);
export const formatRate = (bytesPerSecond: number | undefined): string =>
  bytesPerSecond === undefined ? '–' : `${dockerHumanSize(bytesPerSecond)}/s`;
/** A limit of 0 means the engine reports none (Windows containers; docker stats prints "--"). */
export const formatMemoryUsage = (used: number, limit: number): string =>
  limit > 0 ? `${dockerBytesSize(used)} / ${dockerBytesSize(limit)}` : dockerBytesSize(used);
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
