// Browser side of the load test panel: the form (validated as the user types, by the same rules the
// extension applies again), the live charts with a Cancel button, and the result card with the
// comparison against the service's previous run. The page never sends traffic itself.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import uplotCss from 'uplot/dist/uPlot.min.css';
import loadCss from '../../media/load.css';
import {
  type LoadField,
  type LoadFormValues,
  type LoadFromWebview,
  type LoadLimits,
  type LoadPhase,
  type LoadTick,
  type LoadToWebview,
  describeSettings,
  parseLoadToWebview,
  validateLoadForm,
} from '../../src/shared/protocol/load';
import { connect, el } from '../common/bridge';
import { formatMemory, formatPercent } from '../stats/format';
import { onThemeChange } from '../stats/theme';
import { LoadCharts, formatMs } from './chart';

function adopt(text: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return sheet;
}
document.adoptedStyleSheets = [...document.adoptedStyleSheets, adopt(uplotCss), adopt(loadCss)];

const root = document.getElementById('root') as HTMLElement;
let rendered = false;
let phase: LoadPhase = 'form';
const bridge = connect<LoadToWebview, LoadFromWebview>('load', () => rendered);
const icon = (name: string): HTMLElement => el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
const count = (value: number): string => Math.round(value).toLocaleString('en-US');

// ---- header -------------------------------------------------------------------------------------
const heading = el('h1', { class: 'title' });
const target = el('p', { class: 'target' });
const announcer = el('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
const notice = el('p', { class: 'notice', role: 'status', hidden: '' });
const errorBox = el('div', { class: 'error-box', role: 'alert', hidden: '' });

// ---- form ---------------------------------------------------------------------------------------
let limits: LoadLimits = { maxRequests: 100_000, maxDurationSeconds: 300, maxConcurrency: 256, maxRate: 10_000 };
const field = (name: LoadField | 'url', label: string, input: HTMLInputElement | HTMLSelectElement, hint: string): HTMLElement => {
  input.id = `field-${name}`;
  input.setAttribute('aria-describedby', `hint-${name} error-${name}`);
  return el('div', { class: `field field-${name}` },
    el('label', { for: input.id }, label), input,
    el('span', { id: `hint-${name}`, class: 'hint' }, hint),
    el('span', { id: `error-${name}`, class: 'field-error' }));
};
const numberInput = (min: string, step = '1'): HTMLInputElement => el('input', { type: 'number', min, step, inputmode: 'numeric' });
const urlSelect = el('select', {});
const modeRequests = el('input', { type: 'radio', name: 'mode', value: 'requests', id: 'mode-requests' });
const modeDuration = el('input', { type: 'radio', name: 'mode', value: 'duration', id: 'mode-duration' });
const requestsInput = numberInput('1');
const durationInput = numberInput('1');
const concurrencyInput = numberInput('1');
const rateInput = el('input', { type: 'number', min: '0', step: 'any', placeholder: 'as fast as possible' });
const pathInput = el('input', { type: 'text', spellcheck: 'false', autocomplete: 'off' });
const startButton = el('vscode-button', { icon: 'play', type: 'submit' }, 'Start load test');
const formSummary = el('p', { class: 'hint form-summary', 'aria-live': 'polite' });
const requestsField = field('requests', 'Requests', requestsInput, '');
const durationField = field('durationSeconds', 'Duration (seconds)', durationInput, '');
const form = el('form', { class: 'form', 'aria-label': 'Load test settings', novalidate: '' },
  field('url', 'Target', urlSelect, 'A port the service publishes on this machine.'),
  el('fieldset', { class: 'mode' },
    el('legend', {}, 'Stop after'),
    el('label', { for: 'mode-requests' }, modeRequests, ' a number of requests'),
    el('label', { for: 'mode-duration' }, modeDuration, ' a duration')),
  requestsField,
  durationField,
  field('concurrency', 'Connections', concurrencyInput, 'Requests in flight at once, like ab -c.'),
  field('rate', 'Rate (requests per second)', rateInput, 'Optional: a fixed arrival rate; latencies are then corrected for coordinated omission.'),
  field('path', 'Path', pathInput, 'GET, from the service\'s root.'),
  el('div', { class: 'buttons' }, startButton),
  formSummary);

function formValues(): LoadFormValues {
  const rate = rateInput.value.trim();
  return {
    mode: modeDuration.checked ? 'duration' : 'requests',
    requests: Number(requestsInput.value),
    durationSeconds: Number(durationInput.value),
    concurrency: Number(concurrencyInput.value),
    rate: rate === '' ? null : Number(rate),
    path: pathInput.value.trim(),
  };
}

const inputs: Record<LoadField, HTMLInputElement> = {
  requests: requestsInput,
  durationSeconds: durationInput,
  concurrency: concurrencyInput,
  rate: rateInput,
  path: pathInput,
};

/** Show each field's problem beside it; returns whether the form may be sent. */
function checkForm(showAll: boolean): boolean {
  const values = formValues();
  requestsField.hidden = values.mode !== 'requests';
  durationField.hidden = values.mode !== 'duration';
  const errors = validateLoadForm(values, limits);
  for (const [name, input] of Object.entries(inputs) as Array<[LoadField, HTMLInputElement]>) {
    const problem = errors.find((e) => e.field === name);
    const shown = problem && (showAll || input.dataset.touched === 'true');
    input.setAttribute('aria-invalid', shown ? 'true' : 'false');
    const slot = document.getElementById(`error-${name}`);
    if (slot) slot.textContent = shown ? problem.message : '';
  }
  formSummary.textContent = errors.length ? '' : `Will send ${describeSettings(values)} to ${urlSelect.value}.`;
  return errors.length === 0;
}

for (const input of Object.values(inputs)) {
  input.addEventListener('input', () => {
    input.dataset.touched = 'true';
    checkForm(false);
  });
}
for (const radio of [modeRequests, modeDuration]) radio.addEventListener('change', () => checkForm(false));
urlSelect.addEventListener('change', () => checkForm(false));
function submit(event?: Event): void {
  event?.preventDefault();
  if (!checkForm(true)) {
    const first = (Object.values(inputs)).find((input) => input.getAttribute('aria-invalid') === 'true');
    first?.focus();
    announcer.textContent = 'The settings need a change before the test can start.';
    return;
  }
  bridge.post({ type: 'load/submit', url: urlSelect.value, values: formValues() });
}
form.addEventListener('submit', submit);
startButton.addEventListener('click', () => submit());
form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT' && (event.target as HTMLInputElement).type !== 'radio') submit(event);
});

function showForm(message: Extract<LoadToWebview, { type: 'load/form' }>): void {
  limits = message.limits;
  const { values } = message;
  urlSelect.replaceChildren(...message.targets.map((t) => el('option', { value: t.url }, `${t.url} (${t.description})`)));
  urlSelect.disabled = message.targets.length < 2;
  modeRequests.checked = values.mode === 'requests';
  modeDuration.checked = values.mode === 'duration';
  requestsInput.value = String(values.requests);
  durationInput.value = String(values.durationSeconds);
  concurrencyInput.value = String(values.concurrency);
  rateInput.value = values.rate === null ? '' : String(values.rate);
  pathInput.value = values.path;
  requestsInput.max = String(limits.maxRequests);
  durationInput.max = String(limits.maxDurationSeconds);
  concurrencyInput.max = String(limits.maxConcurrency);
  rateInput.max = String(limits.maxRate);
  for (const input of Object.values(inputs)) delete input.dataset.touched;
  setPhase('form');
  checkForm(false);
  (values.mode === 'requests' ? requestsInput : durationInput).focus();
}

// ---- live run -----------------------------------------------------------------------------------
const progressText = el('span', { class: 'progress-text' });
const progressBar = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Load test progress', 'aria-valuemin': '0', 'aria-valuemax': '100' },
  el('div', { class: 'progress-fill' }));
const cancelButton = el('vscode-button', { icon: 'debug-stop', secondary: '' }, 'Cancel');
cancelButton.setAttribute('aria-keyshortcuts', 'Escape');
cancelButton.addEventListener('click', () => cancel());
const liveFigures = el('dl', { class: 'live-figures', 'aria-label': 'The last second' });
const trafficChart = el('div', { class: 'chart', role: 'img', 'aria-label': 'Requests per second and latency percentiles over time' });
const saturationChart = el('div', { class: 'chart', role: 'img', 'aria-label': 'The service\'s CPU and memory over the same time' });
const charts = new LoadCharts(trafficChart, saturationChart);
const runSection = el('section', { class: 'run', 'aria-label': 'Live load test' },
  el('div', { class: 'run-bar' }, el('vscode-progress-ring', { class: 'spinner', 'aria-hidden': 'true' }), progressText, progressBar, cancelButton),
  liveFigures,
  el('h2', { class: 'chart-title' }, 'Traffic and latency'), trafficChart,
  el('h2', { class: 'chart-title' }, 'Saturation of the service (all replicas)'), saturationChart);
let startedAt = 0;
let expectedSeconds = 0;
let expectedRequests = 0;
let cancelRequested = false;

function cancel(): void {
  if (phase !== 'running' || cancelRequested) return;
  cancelRequested = true;
  progressText.textContent = 'Cancelling…';
  bridge.post({ type: 'load/cancel' });
}
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && phase === 'running') {
    event.preventDefault();
    cancel();
  }
});

function figure(term: string, value: string): HTMLElement[] {
  return [el('dt', {}, term), el('dd', {}, value)];
}

function showTick(tick: LoadTick): void {
  charts.add(tick);
  const elapsed = Math.max(0, tick.at - startedAt);
  const fraction = expectedRequests > 0 ? tick.requestsDone / expectedRequests
    : expectedSeconds > 0 ? elapsed / expectedSeconds : 0;
  const percent = Math.min(100, fraction * 100);
  (progressBar.firstElementChild as HTMLElement).style.width = `${percent}%`;
  progressBar.setAttribute('aria-valuenow', String(Math.round(percent)));
  if (!cancelRequested) progressText.textContent = `${count(tick.requestsDone)} requests in ${elapsed.toFixed(0)} s`;
  liveFigures.replaceChildren(
    ...figure('req/s', count(tick.requestsPerSecond)),
    ...figure('p50', tick.latencyMs ? formatMs(tick.latencyMs.p50) : '–'),
    ...figure('p95', tick.latencyMs ? formatMs(tick.latencyMs.p95) : '–'),
    ...figure('errors', count(tick.errors)),
    ...figure('CPU', tick.cpuPercent === null ? '–' : formatPercent(tick.cpuPercent)),
    ...figure('memory', tick.memoryBytes === null ? '–' : formatMemory(tick.memoryBytes)),
  );
}

// ---- result card --------------------------------------------------------------------------------
const card = el('section', { class: 'card', 'aria-labelledby': 'card-title', hidden: '' });

function cardGroup(title: string, rows: Array<[string, string]>, extra = ''): HTMLElement {
  return el('div', { class: `card-group ${extra}` }, el('h3', {}, title),
    el('dl', {}, ...rows.flatMap(([term, value]) => figure(term, value))));
}

function showResult(message: Extract<LoadToWebview, { type: 'load/done' }>): void {
  const { result, comparison } = message;
  charts.finish();
  progressText.textContent = result.cancelled
    ? `Cancelled after ${count(result.requests)} requests in ${result.durationSeconds.toFixed(1)} s`
    : `Finished: ${count(result.requests)} requests in ${result.durationSeconds.toFixed(1)} s`;
  const { latencyMs: l, errors, saturation } = result;
  const title = result.cancelled ? 'Cancelled: what was measured until then' : 'Result';
  const exportButton = el('vscode-button', { icon: 'save', secondary: '' }, 'Export JSON…');
  exportButton.addEventListener('click', () => bridge.post({ type: 'load/export' }));
  const againButton = el('vscode-button', { icon: 'debug-rerun' }, 'Run again…');
  againButton.addEventListener('click', () => bridge.post({ type: 'load/again' }));
  const kinds = errors.byKind.map(({ kind, count: n }) => [kind, count(n)] as [string, string]);
  card.replaceChildren(
    el('h2', { id: 'card-title', class: result.cancelled ? 'cancelled' : '' }, icon(result.cancelled ? 'debug-stop' : 'pass'), ' ', title),
    el('p', { class: 'hint' }, `${result.settings} to ${result.url}, ended ${new Date(result.finishedAt).toLocaleTimeString()}`),
    el('div', { class: 'card-groups' },
      cardGroup('Traffic', [['Requests', count(result.requests)], ['Duration', `${result.durationSeconds.toFixed(2)} s`], ['Throughput', `${result.requestsPerSecond.toFixed(1)} req/s`]]),
      cardGroup('Latency', [['p50', formatMs(l.p50)], ['p90', formatMs(l.p90)], ['p95', formatMs(l.p95)], ['p99', formatMs(l.p99)], ['max', formatMs(l.max)]]),
      cardGroup('Errors', [['Total', count(errors.total)], ['Rate', `${(errors.rate * 100).toFixed(2)}%`], ...kinds], errors.total > 0 ? 'has-errors' : ''),
      cardGroup('Saturation', saturation
        ? [['CPU peak', formatPercent(saturation.cpuPercentPeak)], ['CPU mean', formatPercent(saturation.cpuPercentMean)],
          ['Memory peak', saturation.memoryLimitBytes > 0 ? `${formatMemory(saturation.memoryPeakBytes)} / ${formatMemory(saturation.memoryLimitBytes)}` : formatMemory(saturation.memoryPeakBytes)]]
        : [['Service', 'not measured (a URL, not a compose service)']])),
    comparison.length
      ? el('div', { class: 'comparison' },
        el('h3', {}, `Compared with the previous run${message.previousAt ? ` (${new Date(message.previousAt).toLocaleString()})` : ''}`),
        el('ul', {}, ...comparison.map((line) => el('li', {}, line))))
      : el('p', { class: 'hint' }, 'The first run of this service: the next one is compared with it.'),
    el('div', { class: 'buttons' }, againButton, exportButton));
  setPhase('done');
  announcer.textContent = `${title}. ${count(result.requests)} requests, p95 ${formatMs(l.p95)}, ${errors.total} errors.`;
  againButton.focus();
}

// ---- phases -------------------------------------------------------------------------------------
function setPhase(next: LoadPhase): void {
  phase = next;
  form.hidden = next !== 'form';
  runSection.hidden = next === 'form' || (next === 'error' && charts.points === 0);
  runSection.classList.toggle('ended', next !== 'running');
  card.hidden = next !== 'done';
  if (next !== 'error') errorBox.hidden = true;
  root.setAttribute('aria-busy', 'false');
  rendered = true;
}

function showError(text: string): void {
  errorBox.replaceChildren(el('p', {}, icon('error'), ' ', text));
  const again = el('vscode-button', { icon: 'debug-rerun', secondary: '' }, 'Back to the settings');
  again.addEventListener('click', () => bridge.post({ type: 'load/again' }));
  errorBox.append(again);
  setPhase('error');
  errorBox.hidden = false;
}

function snapshot(id: number): void {
  const text = phase === 'done' ? card.textContent ?? '' : phase === 'error' ? errorBox.textContent ?? '' : '';
  bridge.post({ type: 'load/snapshot', id, phase, card: text.replace(/\s+/g, ' ').trim().slice(0, 4000), ticks: charts.points });
}

let mounted = false;
bridge.onMessage((raw) => {
  const message = parseLoadToWebview(raw);
  if (!message) return;
  if (!mounted) {
    mounted = true;
    root.replaceChildren(el('header', {}, heading, target), announcer, notice, errorBox, form, runSection, card);
  }
  switch (message.type) {
    case 'load/form':
      heading.replaceChildren(icon('dashboard'), ' Load test: ', el('span', { class: 'service' }, message.service));
      target.textContent = `Compose project ${message.project}`;
      showForm(message);
      break;
    case 'load/started':
      heading.replaceChildren(icon('dashboard'), ' Load test: ', el('span', { class: 'service' }, message.service));
      target.textContent = `${message.settings} to ${message.url}`;
      startedAt = message.startedAt;
      expectedSeconds = message.expectedSeconds;
      expectedRequests = message.expectedRequests;
      cancelRequested = false;
      liveFigures.replaceChildren();
      progressText.textContent = 'Starting…';
      setPhase('running');
      charts.reset(message.startedAt, message.expectedSeconds, message.memoryLimitBytes);
      announcer.textContent = `Load test started: ${message.settings}. Escape cancels.`;
      cancelButton.focus();
      break;
    case 'load/tick':
      if (phase === 'running') showTick(message.tick);
      break;
    case 'load/done':
      showResult(message);
      break;
    case 'load/error':
      showError(message.message);
      break;
    case 'load/message':
      showMessage(message.text);
      break;
    case 'load/snapshotRequest':
      snapshot(message.id);
      break;
    default:
      break;
  }
});

function showMessage(text: string): void {
  notice.textContent = text;
  notice.hidden = !text;
}

onThemeChange(() => charts.restyle());
root.replaceChildren(el('vscode-progress-ring', { 'aria-label': 'Loading the load test' }));
