// The live charts of a load test: traffic and latency above, the service's CPU and memory below, on
// one time axis (seconds since the start) with one cursor, drawn by uPlot as the stats view's charts are.
import uPlot from 'uplot';
import type { LoadTick } from '../../src/shared/protocol/load';
import { formatAxisMemory, formatAxisPercent, formatMemory, formatPercent } from '../stats/format';
import { chartColours } from '../stats/theme';

const HEIGHT = 170;

export const formatMs = (ms: number): string => (ms >= 100 ? `${Math.round(ms)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const formatAxisMs = (ms: number): string => (ms >= 1000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${Number(ms.toPrecision(3))} ms`);
const formatReqs = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;
const dash = '–';

interface Columns {
  elapsed: number[];
  rps: Array<number | null>;
  p50: Array<number | null>;
  p95: Array<number | null>;
  p99: Array<number | null>;
  cpu: Array<number | null>;
  memory: Array<number | null>;
}

function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Without a pointer over the chart, the legend shows the newest second rather than dashes. */
function showLatestInLegend(plot: uPlot): void {
  const count = plot.data[0].length;
  if (count === 0 || (plot.cursor.left ?? -1) >= 0) return;
  plot.setLegend({ idx: count - 1 }, false);
}

export class LoadCharts {
  private traffic: uPlot | undefined;
  private saturation: uPlot | undefined;
  private resize: ResizeObserver | undefined;
  private columns: Columns = { elapsed: [], rps: [], p50: [], p95: [], p99: [], cpu: [], memory: [] };
  private startedAt = 0;
  private expectedSeconds = 0;
  private memoryLimit: number | null = null;

  constructor(private readonly trafficHost: HTMLElement, private readonly saturationHost: HTMLElement) {}

  reset(startedAt: number, expectedSeconds: number, memoryLimit: number | null): void {
    this.startedAt = startedAt;
    this.expectedSeconds = expectedSeconds;
    this.memoryLimit = memoryLimit;
    this.columns = { elapsed: [], rps: [], p50: [], p95: [], p99: [], cpu: [], memory: [] };
    this.rebuild();
  }

  add(tick: LoadTick): void {
    const c = this.columns;
    c.elapsed.push(Math.max(0, tick.at - this.startedAt));
    c.rps.push(tick.requestsPerSecond);
    c.p50.push(tick.latencyMs?.p50 ?? null);
    c.p95.push(tick.latencyMs?.p95 ?? null);
    c.p99.push(tick.latencyMs?.p99 ?? null);
    c.cpu.push(tick.cpuPercent);
    c.memory.push(tick.memoryBytes);
    this.traffic?.setData([c.elapsed, c.rps, c.p50, c.p95, c.p99]);
    this.saturation?.setData([c.elapsed, c.cpu, c.memory]);
    if (this.traffic) showLatestInLegend(this.traffic);
    if (this.saturation) showLatestInLegend(this.saturation);
  }

  get points(): number {
    return this.columns.elapsed.length;
  }

  /** The run ended: the axis ends at the last second rather than the expected one. */
  finish(): void {
    this.expectedSeconds = 0;
    this.traffic?.redraw(true);
    this.saturation?.redraw(true);
  }

  restyle(): void {
    this.rebuild();
  }

  destroy(): void {
    this.resize?.disconnect();
    this.traffic?.destroy();
    this.saturation?.destroy();
    this.traffic = undefined;
    this.saturation = undefined;
  }

  private xRange(): [number, number] {
    const last = this.columns.elapsed[this.columns.elapsed.length - 1] ?? 0;
    return [0, Math.max(1, this.expectedSeconds, Math.ceil(last))];
  }

  private memoryCeiling(max: number): number {
    const limit = this.memoryLimit ?? 0;
    const top = Math.max(max * 1.25, 1024 * 1024);
    return limit > 0 && max >= limit * 0.4 ? Math.max(top, limit * 1.05) : top;
  }

  private rebuild(): void {
    this.destroy();
    const colours = { ...chartColours(), good: cssVariable('--vscode-charts-green', '#89d185') };
    const width = (host: HTMLElement): number => Math.max(240, host.clientWidth || 600);
    const font = '11px sans-serif';
    const axis = (scale: string, side: 1 | 3, format: (value: number) => string, size = 56): uPlot.Axis => ({
      scale, side, stroke: colours.axis, font, size,
      grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 },
      values: (_plot, splits) => splits.map(format),
    });
    const xAxis: uPlot.Axis = {
      stroke: colours.axis, font, size: 28, grid: { show: false }, ticks: { stroke: colours.grid },
      // Whole seconds only: a 5 s run must not read "0 s, 1 s, 1 s, 2 s".
      incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800],
      values: (_plot, splits) => splits.map((s) => `${Math.round(s)} s`),
    };
    const timeSeries: uPlot.Series = { label: 'Time', value: (_plot, value) => (value == null ? dash : `${value.toFixed(0)} s`) };
    const cursor: uPlot.Cursor = { sync: { key: 'load' }, drag: { x: false, y: false }, points: { size: 5 } };
    const x: uPlot.Scale = { time: false, range: () => this.xRange() };
    const c = this.columns;
    type Format = (value: number) => string;
    const line = (label: string, scale: string, stroke: string, format: Format, dashed?: number[]): uPlot.Series => ({
      label, scale, stroke, width: 1.5, ...(dashed ? { dash: dashed } : {}), spanGaps: false,
      value: (_plot, value) => (value == null ? dash : format(value)),
    });
    this.traffic = new uPlot({
      width: width(this.trafficHost), height: HEIGHT, pxAlign: 0, cursor, legend: { show: true, live: true },
      scales: {
        x,
        rps: { range: (_p, _min, max) => [0, Math.max(10, (max || 0) * 1.15)] },
        ms: { range: (_p, _min, max) => [0, Math.max(1, (max || 0) * 1.15)] },
      },
      axes: [xAxis, axis('rps', 3, formatReqs), axis('ms', 1, formatAxisMs, 64)],
      hooks: { draw: [showLatestInLegend], setCursor: [showLatestInLegend] },
      series: [
        timeSeries,
        { ...line('req/s', 'rps', colours.cpu, formatReqs), ...(/^#[0-9a-f]{6}$/i.test(colours.cpu) ? { fill: `${colours.cpu}22` } : {}) },
        line('p50', 'ms', colours.good, formatMs),
        line('p95', 'ms', colours.warning, formatMs),
        line('p99', 'ms', colours.critical, formatMs, [5, 3]),
      ],
    }, [c.elapsed, c.rps, c.p50, c.p95, c.p99], this.trafficHost);
    this.saturation = new uPlot({
      width: width(this.saturationHost), height: HEIGHT - 20, pxAlign: 0, cursor, legend: { show: true, live: true },
      scales: {
        x,
        cpu: { range: (_p, _min, max) => [0, Math.max(10, Math.ceil(((max || 0) * 1.1) / 10) * 10)] },
        memory: { range: (_p, _min, max) => [0, this.memoryCeiling(max || 0)] },
      },
      axes: [xAxis, axis('cpu', 3, formatAxisPercent), axis('memory', 1, formatAxisMemory, 64)],
      series: [
        timeSeries,
        line('CPU', 'cpu', colours.cpu, formatPercent),
        line('Memory', 'memory', colours.memory, formatMemory),
      ],
      hooks: {
        draw: [(plot) => this.drawLimit(plot, colours.critical), showLatestInLegend],
        setCursor: [showLatestInLegend],
      },
    }, [c.elapsed, c.cpu, c.memory], this.saturationHost);
    this.resize = new ResizeObserver(() => {
      const plots = [
        [this.traffic, this.trafficHost, HEIGHT],
        [this.saturation, this.saturationHost, HEIGHT - 20],
      ] as const;
      for (const [plot, host, height] of plots) {
        const next = width(host);
        if (plot && Math.abs(next - plot.width) > 2) plot.setSize({ width: next, height });
      }
    });
    this.resize.observe(this.trafficHost);
  }

  private drawLimit(plot: uPlot, colour: string): void {
    const limit = this.memoryLimit;
    const scale = plot.scales.memory;
    if (!limit || scale.max === undefined || scale.max === null || limit > scale.max) return;
    const y = Math.round(plot.valToPos(limit, 'memory', true));
    const { ctx, bbox } = plot;
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = window.devicePixelRatio || 1;
    ctx.setLineDash([4 * ctx.lineWidth, 3 * ctx.lineWidth]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.font = `${10 * ctx.lineWidth}px sans-serif`;
    ctx.textBaseline = 'bottom';
    ctx.fillText(`memory limit ${formatMemory(limit)}`, bbox.left + 4, y - 2);
    ctx.restore();
  }
}
