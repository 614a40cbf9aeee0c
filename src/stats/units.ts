// Sizes as Compose reads them (docker/go-units). How `docker stats` prints them is src/shared/units.ts's
// (one units module for the engines, the CLI, the extension and the pages), re-exported here under
// the names the stats engine has used.
export { dockerBytesSize as bytesSize, dockerHumanSize as humanSize, dockerPercent as formatPercent, friendlyBytes, goFormatG } from '../shared/units';

// Sizes and CPU counts as compose files write them: one definition, in the compose engine.
export { parseMemory, parseCpus } from '../compose/units';

/** "10 min", "45 s", "2 h 5 min". */
export function friendlyDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
