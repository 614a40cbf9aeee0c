// Sizes and percents, each written the way the tool the user compares us with writes it, so a figure
// reads the same here and there. One module for the engines, the CLI, the extension and the pages.
//   dive (go-humanize Bytes)                   humanizeBytes(1_234_567)     -> "1.2 MB"
//   docker stats memory (go-units BytesSize)   dockerBytesSize(42_369_024)  -> "40.41MiB"
//   docker stats I/O (go-units HumanSize)      dockerHumanSize(1516)        -> "1.52kB"
//   docker stats CPU and memory                dockerPercent(12.345)        -> "12.35%"
//   stevedore analyze's report, dive's ratios  ratioPercent(0.9876)         -> "98.76 %"
//   hints (docker's units, rounded)            friendlyBytes(64 * 2 ** 20)  -> "64 MiB"
//   limits                                     wholeGiB(8 * 2 ** 30)        -> "8 GiB"
//   sizes known roughly (registry MB)          approxMegabytes(1100)        -> "~1.1 GB"

/** dive's sizes: go-humanize's Bytes, SI units, one decimal below 10 ("9.5 MB", "12 MB", "7 B"). */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const exponent = Math.min(Math.floor(Math.log(bytes) / Math.log(1000)), units.length - 1);
  const value = Math.floor((bytes / 1000 ** exponent) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${units[exponent]}`;
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

/** docker's memory sizes: go-units BytesSize ("%.4g", 1024), as `docker stats` prints them, e.g. "40.41MiB". */
export function dockerBytesSize(bytes: number): string {
  return customSize((n) => goFormatG(n, 4), bytes, 1024, BINARY);
}

/** docker's I/O sizes: go-units HumanSizeWithPrecision(n, 3) (1000), as `docker stats` prints them, e.g. "1.17kB". */
export function dockerHumanSize(bytes: number, precision = 3): string {
  return customSize((n) => goFormatG(n, precision), bytes, 1000, DECIMAL);
}

/** docker stats' percentages: two decimals and "%" ("12.35%"). */
export function dockerPercent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** A 0..1 ratio as `stevedore analyze` and dive's CI report show it: "98.76 %", "n/a" when undefined (NaN). */
export function ratioPercent(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(2)} %` : 'n/a';
}

/** docker's binary units rounded to whole figures for hints: "512 MiB", "61 MiB", "1.5 GiB". */
export function friendlyBytes(bytes: number): string {
  const text = dockerBytesSize(Math.round(bytes));
  return text.replace(/([0-9.]+)([A-Za-z]+)$/, (_, n: string, unit: string) => `${Number(n) >= 100 ? Math.round(Number(n)) : Number(Number(n).toPrecision(2))} ${unit}`);
}

/** A limit in whole GiB: "8 GiB". */
export function wholeGiB(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(0)} GiB`;
}

/** A size known only roughly (registry figures in MB), rounded for messages: "~1.1 GB", "~220 MB", "~45 MB". */
export function approxMegabytes(megabytes: number): string {
  if (megabytes >= 1000) return `~${(megabytes / 1000).toFixed(1).replace(/\.0$/, '')} GB`;
  if (megabytes >= 100) return `~${Math.round(megabytes / 10) * 10} MB`;
  return `~${Math.round(megabytes)} MB`;
}

/** A size change in dive's units with its sign: "−212 MB", "+1.2 kB", "0 B" (a true minus sign). */
export function signedBytes(delta: number): string {
  if (delta === 0) return '0 B';
  return `${delta < 0 ? '−' : '+'}${humanizeBytes(Math.abs(delta))}`;
}
