// A row's sparkline: the last minute or two of one metric on a small canvas. Decorative (the number
// beside it is the accessible value), so the canvas is aria-hidden.

// The size is fixed in stats.css (canvas.spark): reading clientWidth here would force a layout per
// sparkline on every update.
const WIDTH = 44;
const HEIGHT = 14;

export function drawSparkline(canvas: HTMLCanvasElement, values: number[], colour: string, max?: number): void {
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
  const points = values.slice(-Math.max(2, Math.floor(width / 1.5)));
  if (points.length < 2) return;
  const top = Math.max(max ?? 0, ...points, 1e-9);
  const step = width / (points.length - 1);
  const y = (value: number): number => height - 1 - (value / top) * (height - 2);
  context.beginPath();
  context.moveTo(0, height);
  points.forEach((value, index) => context.lineTo(index * step, y(value)));
  context.lineTo(width, height);
  context.closePath();
  context.globalAlpha = 0.18;
  context.fillStyle = colour;
  context.fill();
  context.globalAlpha = 1;
  context.beginPath();
  points.forEach((value, index) => (index === 0 ? context.moveTo(0, y(value)) : context.lineTo(index * step, y(value))));
  context.lineWidth = 1.25;
  context.strokeStyle = colour;
  context.stroke();
}
