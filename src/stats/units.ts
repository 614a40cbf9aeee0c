// Sizes as Compose reads them and as `docker stats` prints them (docker/go-units).

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

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Go's %.Ng: N significant digits, trailing zeros dropped, exponent form when the exponent is < -4 or >= N. */
export function goFormatG(value: number, precision: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const exp = Number(value.toExponential(precision - 1).split('e')[1]);
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = value.toExponential(precision - 1).split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${digits}`;
  }
  return stripZeros(value.toFixed(Math.max(0, precision - 1 - exp)));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function customSize(format: (n: number) => string, size: number, base: number, units: string[]): string {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return format(size) + units[i];
}

/** go-units BytesSize ("%.4g", 1024): memory in `docker stats`, e.g. "40.4MiB". */
export function bytesSize(bytes: number): string {
  return customSize((n) => goFormatG(n, 4), bytes, 1024, BINARY);
}

/** go-units HumanSizeWithPrecision(n, 3) (1000): network and block I/O in `docker stats`, e.g. "1.17kB". */
export function humanSize(bytes: number, precision = 3): string {
  return customSize((n) => goFormatG(n, precision), bytes, 1000, DECIMAL);
}

/** docker stats' percentages: two decimals and "%". */
export function formatPercent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** Short whole-unit sizes for hints: "512 MiB", "61 MiB", "1.5 GiB". */
export function friendlyBytes(bytes: number): string {
  const text = bytesSize(Math.round(bytes));
  return text.replace(/([0-9.]+)([A-Za-z]+)$/, (_, n: string, unit: string) => `${Number(n) >= 100 ? Math.round(Number(n)) : Number(Number(n).toPrecision(2))} ${unit}`);
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
