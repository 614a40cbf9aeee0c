// The chart history the extension keeps for the whole session: the last hour of each service's CPU
// and memory, so closing and reopening the Container stats view (or a webview reload) does not start
// from nothing. Bounded: fixed typed arrays per series (20 bytes a point) and a cap on the number of
// series; the series written longest ago goes first.

export interface ServiceHistoryOptions {
  /** Points per series: one a second for an hour by default. */
  capacity?: number;
  /** Series kept at most (a workspace has a few dozen services; a long session may see renames). */
  maxSeries?: number;
}

/** One series' points, oldest first: Unix ms, CPU %, memory bytes. */
export interface ServiceHistoryPoints {
  time: number[];
  cpuPercent: number[];
  memoryUsageBytes: number[];
}

class Series {
  readonly time: Float64Array;
  // CPU % needs no more than float32's 7 digits; memory bytes do (above 16 MiB float32 rounds to 2+ bytes).
  readonly cpu: Float32Array;
  readonly memory: Float64Array;
  next = 0;
  count = 0;

  constructor(readonly capacity: number) {
    this.time = new Float64Array(capacity);
    this.cpu = new Float32Array(capacity);
    this.memory = new Float64Array(capacity);
  }

  get last(): number | undefined {
    return this.count === 0 ? undefined : this.time[(this.next - 1 + this.capacity) % this.capacity];
  }
}

export class ServiceHistoryStore {
  readonly capacity: number;
  readonly maxSeries: number;
  // Map order is insertion order: a series is moved to the end when written, so the first is the stalest.
  private readonly series = new Map<string, Series>();

  constructor(options: ServiceHistoryOptions = {}) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? 3600));
    this.maxSeries = Math.max(1, Math.floor(options.maxSeries ?? 200));
  }

  /** Bytes held by the typed arrays: at most maxSeries × capacity × 20. */
  get bytes(): number {
    let total = 0;
    for (const s of this.series.values()) total += s.time.byteLength + s.cpu.byteLength + s.memory.byteLength;
    return total;
  }

  get size(): number {
    return this.series.size;
  }

  /** Add a point; a time not after the series' last point replaces nothing and is dropped. */
  record(key: string, timeMs: number, cpuPercent: number, memoryUsageBytes: number): void {
    if (!Number.isFinite(timeMs) || !Number.isFinite(cpuPercent) || !Number.isFinite(memoryUsageBytes)) return;
    let series = this.series.get(key);
    if (series) {
      const last = series.last;
      if (last !== undefined && timeMs <= last) return;
      this.series.delete(key);
    } else {
      series = new Series(this.capacity);
      while (this.series.size >= this.maxSeries) {
        const stalest = this.series.keys().next().value as string;
        this.series.delete(stalest);
      }
    }
    this.series.set(key, series);
    const i = series.next;
    series.time[i] = timeMs;
    series.cpu[i] = cpuPercent;
    series.memory[i] = memoryUsageBytes;
    series.next = (i + 1) % series.capacity;
    if (series.count < series.capacity) series.count++;
  }

  /** Oldest first; only points newer than `sinceMs` (Unix ms) when given. */
  points(key: string, sinceMs = -Infinity): ServiceHistoryPoints {
    const out: ServiceHistoryPoints = { time: [], cpuPercent: [], memoryUsageBytes: [] };
    const series = this.series.get(key);
    if (!series) return out;
    const start = (series.next - series.count + series.capacity) % series.capacity;
    for (let k = 0; k < series.count; k++) {
      const i = (start + k) % series.capacity;
      if (series.time[i] <= sinceMs) continue;
      out.time.push(series.time[i]);
      out.cpuPercent.push(series.cpu[i]);
      out.memoryUsageBytes.push(series.memory[i]);
    }
    return out;
  }

  has(key: string): boolean {
    return this.series.has(key);
  }

  delete(key: string): void {
    this.series.delete(key);
  }

  clear(): void {
    this.series.clear();
  }
}
