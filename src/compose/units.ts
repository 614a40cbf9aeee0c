// Compose's sizes and CPU counts (compose-spec "Specifying byte values"): 512m, 1.5g, 64mb, 1GiB.

/** Memory sizes: bytes as a number, or "512m", "1g", "1.5GiB", "64mb". */
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
