// The last N minutes of samples for charts, in fixed typed arrays: pushing a sample allocates nothing.
import type { SeriesHistory } from './types';

const FIELDS = ['cpuPercent', 'memoryUsageBytes', 'memoryPercent', 'netRxRate', 'netTxRate', 'blockReadRate', 'blockWriteRate'] as const;
export type SeriesField = (typeof FIELDS)[number];
export type SeriesPoint = Record<SeriesField, number>;

export class SeriesRing {
  private readonly time: Float64Array;
  private readonly values: Record<SeriesField, Float64Array>;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.time = new Float64Array(capacity);
    this.values = {} as Record<SeriesField, Float64Array>;
    for (const field of FIELDS) this.values[field] = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(time: number, point: SeriesPoint): void {
    const i = this.next;
    this.time[i] = time;
    for (const field of FIELDS) this.values[field][i] = point[field];
    this.next = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first; only points newer than `sinceMs` when given (Unix ms). */
  snapshot(sinceMs = -Infinity): SeriesHistory {
    const out: SeriesHistory = {
      time: [],
      cpuPercent: [],
      memoryUsageBytes: [],
      memoryPercent: [],
      netRxRate: [],
      netTxRate: [],
      blockReadRate: [],
      blockWriteRate: [],
    };
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let k = 0; k < this.count; k++) {
      const i = (start + k) % this.capacity;
      if (this.time[i] <= sinceMs) continue;
      out.time.push(this.time[i]);
      for (const field of FIELDS) out[field].push(this.values[field][i]);
    }
    return out;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
  }
}
