// A row's sparkline: the last minute or two of one metric on a small canvas. Decorative (the number
// beside it is the accessible value), so the canvas is aria-hidden.

// The size is fixed in stats.css (canvas.spark): reading clientWidth here would force a layout per
// sparkline on every update.
const WIDTH = 44;
const HEIGHT = 14;
/** How many points fit: one per 1.5 px. */
const POINTS = Math.floor(WIDTH / 1.5);

/** What the top of a sparkline stands for. */
export type SparklineScale =
  /** A fixed top, such as a declared memory limit: the line shows how close the value is to it. */
  | { kind: 'limit'; top: number }
  /**
   * The series' own recent peak plus headroom, never below `floor`,
   * so 2-8 % CPU is a visible wave, not a flat line.
   */
  | { kind: 'own'; floor: number };

const HEADROOM = 1.2;

/** The points a sparkline draws: the most recent that fit its width. */
export function sparklinePoints(values: readonly number[]): number[] {
  return values.slice(-Math.max(2, POINTS));
}

/** The value the top edge stands for. */
export function sparklineTop(points: readonly number[], scale: SparklineScale): number {
  let peak = 0;
  for (const value of points) if (value > peak) peak = value;
  if (scale.kind === 'limit' && scale.top > 0) return Math.max(scale.top, peak);
  return Math.max(peak * HEADROOM, scale.kind === 'own' ? scale.floor : 0, 1e-9);
}

export function drawSparkline(
  canvas: HTMLCanvasElement,
  values: number[],
  colour: string,
  scale: SparklineScale,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = WIDTH;
  const height = HEIGHT;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  // A faint box: the sparkline reads as a small chart (an idle one is its baseline), not as an underline.
  context.globalAlpha = 0.08;
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  const points = sparklinePoints(values);
  if (points.length < 2) {
    context.globalAlpha = 1;
    return;
  }
  const top = sparklineTop(points, scale);
  // What the top stands for, for tests and tooltips-to-be; written only when it changes (a write restyles).
  const topText = String(Math.round(top * 100) / 100);
  if (canvas.dataset.top !== topText) canvas.dataset.top = topText;
  const step = width / (points.length - 1);
  const y = (value: number): number => height - 1 - (Math.min(value, top) / top) * (height - 2);
  context.beginPath();
  context.moveTo(0, height);
  points.forEach((value, index) => context.lineTo(index * step, y(value)));
  context.lineTo(width, height);
  context.closePath();
  context.globalAlpha = 0.2;
  context.fill();
  context.globalAlpha = 1;
  context.beginPath();
  points.forEach((value, index) =>
    (index === 0 ? context.moveTo(0, y(value)) : context.lineTo(index * step, y(value))));
  context.lineWidth = 1.25;
  context.strokeStyle = colour;
  context.stroke();
}
