// A service's expanded time-series chart: CPU % on the left axis, memory on the right, drawn by
// uPlot on a canvas. Its stylesheet is bundled (adopted in main.ts); nothing is loaded remotely.
import uPlot from 'uplot';
import type { Series } from './history';
import { chartColours } from './theme';
import { formatAxisMemory, formatAxisPercent, formatMemory, formatPercent } from './format';

/** Engine mode samples once a second; a few missed updates are not a gap, a closed view is. */
export const GAP_SECONDS = 10;

/** The points as uPlot data, with a null after each gap so the line breaks there instead of bridging it. */
export function withGaps(series: Series, gapSeconds: number): uPlot.AlignedData {
  const time: number[] = [];
  const cpu: Array<number | null> = [];
  const memory: Array<number | null> = [];
  for (let i = 0; i < series.time.length; i++) {
    if (i > 0 && series.time[i] - series.time[i - 1] > gapSeconds) {
      time.push(series.time[i - 1] + gapSeconds / 2);
      cpu.push(null);
      memory.push(null);
    }
    time.push(series.time[i]);
    cpu.push(series.cpuPercent[i]);
    memory.push(series.memoryBytes[i]);
  }
  return [time, cpu, memory];
}

export class ServiceChart {
  private plot: uPlot | undefined;
  private resize: ResizeObserver | undefined;
  /** A moment (unix s) drawn as a vertical line: a log line's time. */
  private marked: number | undefined;

  mark(time: number | undefined): void {
    this.marked = time;
    this.plot?.redraw(false);
  }

  private drawMark(plot: uPlot, colour: string): void {
    if (this.marked === undefined) return;
    const x = Math.round(plot.valToPos(this.marked, 'x', true));
    const { ctx, bbox } = plot;
    if (x < bbox.left || x > bbox.left + bbox.width) return;
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * (window.devicePixelRatio || 1);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.restore();
  }

  constructor(
    private readonly host: HTMLElement,
    private memoryLimit: number | undefined,
  ) {}

  /**
   * Draw (or redraw) with the service's points; points further apart than `gapSeconds` are not
   * joined (the view was closed, or Prometheus had no samples).
   */
  update(series: Series | undefined, memoryLimit: number | undefined, gapSeconds = GAP_SECONDS): void {
    const data: uPlot.AlignedData = series ? withGaps(series, gapSeconds) : [[], [], []];
    if (this.plot && memoryLimit === this.memoryLimit) this.plot.setData(data);
    else {
      this.memoryLimit = memoryLimit;
      this.rebuild(data);
    }
    this.showLatestInLegend();
  }

  /** Without a pointer over the chart, the legend shows the newest values rather than dashes. */
  private showLatestInLegend(): void {
    const plot = this.plot;
    const count = plot?.data[0].length ?? 0;
    if (!plot || count === 0 || (plot.cursor.left ?? -1) >= 0) return;
    plot.setLegend({ idx: count - 1 }, false);
  }

  /** Theme switched: colours are baked into the canvas, so build again. */
  restyle(): void {
    if (this.plot) this.rebuild(this.plot.data);
  }

  destroy(): void {
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  /** Headroom above the data; the limit is in view when usage comes near it (how close is the point). */
  private memoryCeiling(max: number): number {
    const limit = this.memoryLimit ?? 0;
    const top = Math.max(max * 1.25, 1024 * 1024);
    return limit > 0 && max >= limit * 0.4 ? Math.max(top, limit * 1.05) : top;
  }

  /** A dashed line at the memory limit, labelled, when it is within the memory axis. */
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

  private rebuild(data: uPlot.AlignedData): void {
    this.destroy();
    const colours = chartColours();
    const width = Math.max(160, this.host.clientWidth || 280);
    const axis = (scale: string, side: 0 | 1 | 2 | 3, format: (value: number) => string): uPlot.Axis => ({
      scale,
      side,
      stroke: colours.axis,
      grid: { stroke: colours.grid, width: 1 },
      ticks: { stroke: colours.grid, width: 1 },
      font: '10px var(--vscode-font-family, sans-serif)',
      size: 44,
      values: (_plot, splits) => splits.map(format),
    });
    const options: uPlot.Options = {
      width,
      height: 130,
      pxAlign: 0,
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      legend: { show: true, live: true },
      scales: {
        x: { time: true },
        cpu: { range: (_plot, _min, max) => [0, Math.max(10, Math.ceil((max || 0) / 10) * 10)] },
        memory: { range: (_plot, _min, max) => [0, this.memoryCeiling(max || 0)] },
      },
      axes: [
        { stroke: colours.axis, grid: { show: false }, ticks: { stroke: colours.grid }, font: '10px sans-serif', size: 24 },
        axis('cpu', 3, (value) => formatAxisPercent(value)),
        { ...axis('memory', 1, (value) => formatAxisMemory(value)), size: 50 },
      ],
      hooks: {
        draw: [
          (plot) => this.drawLimit(plot, colours.critical),
          (plot) => this.drawMark(plot, colours.warning),
          () => this.showLatestInLegend(),
        ],
        setCursor: [() => this.showLatestInLegend()],
      },
      series: [
        { label: 'Time', value: (_plot, value) => (value == null ? '–' : new Date(value * 1000).toLocaleTimeString()) },
        { label: 'CPU', scale: 'cpu', stroke: colours.cpu, width: 1.5, value: (_plot, value) => (value == null ? '–' : formatPercent(value)) },
        {
          label: 'Memory',
          scale: 'memory',
          stroke: colours.memory,
          width: 1.5,
          value: (_plot, value) => (value == null ? '–' : formatMemory(value)),
        },
      ],
    };
    this.plot = new uPlot(options, data, this.host);
    this.resize = new ResizeObserver(() => {
      const next = Math.max(160, this.host.clientWidth);
      if (this.plot && Math.abs(next - this.plot.width) > 2) this.plot.setSize({ width: next, height: 130 });
    });
    this.resize.observe(this.host);
  }
}
