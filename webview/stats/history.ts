// The points the view draws: the extension sends the engine's ring buffer once, then every update
// adds one point per service here. Trimmed to the same window the engine keeps.
import type { HistoryPoint } from '../../src/shared/protocol/stats';

export interface Series {
  /** unix seconds */
  time: number[];
  cpuPercent: number[];
  memoryBytes: number[];
}

export class HistoryStore {
  private readonly series = new Map<string, Series>();
  windowSeconds = 600;

  /** Replace everything with the engine's history (on open and after a reconnect). */
  load(history: Record<string, HistoryPoint[]>): void {
    this.series.clear();
    for (const [key, points] of Object.entries(history)) {
      const sorted = [...points].sort((a, b) => a[0] - b[0]);
      this.series.set(key, {
        time: sorted.map((p) => p[0]), cpuPercent: sorted.map((p) => p[1]), memoryBytes: sorted.map((p) => p[2]),
      });
    }
  }

  add(key: string, time: number, cpuPercent: number, memoryBytes: number): void {
    let series = this.series.get(key);
    if (!series) {
      series = { time: [], cpuPercent: [], memoryBytes: [] };
      this.series.set(key, series);
    }
    const last = series.time[series.time.length - 1];
    // Updates arrive faster than samples sometimes; one point per second is what the chart shows.
    if (last !== undefined && time - last < 0.5) {
      series.cpuPercent[series.cpuPercent.length - 1] = cpuPercent;
      series.memoryBytes[series.memoryBytes.length - 1] = memoryBytes;
      return;
    }
    series.time.push(time);
    series.cpuPercent.push(cpuPercent);
    series.memoryBytes.push(memoryBytes);
    const cutoff = time - this.windowSeconds;
    let drop = 0;
    while (drop < series.time.length && series.time[drop] < cutoff) drop++;
    if (drop > 0) {
      series.time.splice(0, drop);
      series.cpuPercent.splice(0, drop);
      series.memoryBytes.splice(0, drop);
    }
  }

  get(key: string): Series | undefined {
    return this.series.get(key);
  }

  forget(keep: Set<string>): void {
    for (const key of this.series.keys()) if (!keep.has(key)) this.series.delete(key);
  }
}
