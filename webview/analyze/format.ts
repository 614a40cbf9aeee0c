// How the panel writes numbers. Sizes come from the shared units module (go-humanize's, as dive and
// `stevedore analyze` write them), so the panel, the CLI and dive show the same figures.
export { humanizeBytes as formatBytes } from '../../src/shared/units';

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const percent = ratio * 100;
  return `${percent >= 99.95 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `1 file`, `2 files`, `0 files`. */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** `sha256:0123456789ab…` -> `0123456789ab`, as docker shows IDs. */
export function shortDigest(digest: string): string {
  const hex = digest.includes(':') ? digest.slice(digest.indexOf(':') + 1) : digest;
  return hex.slice(0, 12);
}
