// One compose service in the table: its row, a row per replica when there are several, and the
// expandable chart with the compose file's limits. Built once, then updated in place: text goes in
// through textContent only, so a container named `<img src=x onerror=...>` stays text.
import type {
  RenderedService,
  ServiceAction,
  ViewContainer,
  ViewLevel,
  ViewNumbers,
  ViewService,
  ViewThresholds,
} from '../../src/shared/protocol/stats';
import { isActionAllowed, serviceKey } from '../../src/shared/protocol/stats';
import { el } from '../common/bridge';
import { ServiceChart } from './chart';
import { formatMemory, formatMemoryUsage, formatPercent, formatRate } from './format';
import type { HistoryStore } from './history';
import { drawSparkline } from './sparkline';
import { chartColours } from './theme';

export interface RowContext {
  trusted: boolean;
  history: HistoryStore;
  isExpanded(key: string): boolean;
  setExpanded(key: string, open: boolean): void;
  act(action: ServiceAction, project: string, service: string, containerId?: string): void;
  announce(text: string): void;
  thresholds(): ViewThresholds;
  /** Chart points further apart than this are drawn with a break. */
  gapSeconds(): number;
}

const STATUS_ICON: Record<ViewService['status'], string> = {
  running: 'pass-filled',
  partial: 'warning',
  stopped: 'circle-slash',
  'not-created': 'circle-large-outline',
  restarting: 'sync codicon-modifier-spin',
  unhealthy: 'error',
};

const ACTION_META: Record<ServiceAction, { icon: string; label: string; key: string }> = {
  start: { icon: 'debug-start', label: 'Start', key: 's' },
  stop: { icon: 'debug-stop', label: 'Stop', key: 'x' },
  restart: { icon: 'debug-restart', label: 'Restart', key: 'r' },
  logs: { icon: 'output', label: 'Show logs of', key: 'l' },
  inspect: { icon: 'json', label: 'Inspect', key: 'i' },
  errors: { icon: 'error', label: 'Show the error lines of', key: 'e' },
  shell: { icon: 'terminal', label: 'Open a shell in', key: 't' },
  browser: { icon: 'globe', label: 'Open in the browser:', key: 'b' },
  load: { icon: 'dashboard', label: 'Load test', key: 'p' },
};

/** The smallest range a sparkline shows: an idle service's noise stays near the baseline. */
const CPU_FLOOR_PERCENT = 5;
const MEMORY_FLOOR_BYTES = 1024 * 1024;

const UNTRUSTED_TITLE = 'Disabled in Restricted mode: trust this workspace to start or stop containers';

function statusText(service: ViewService): string {
  const running = service.containers.filter((c) => c.state === 'running').length;
  const total = service.containers.length;
  switch (service.status) {
    case 'running':
      return total > 1 ? `${running} running` : 'running';
    case 'partial':
      return `${running} of ${total} running`;
    case 'not-created':
      return 'not created';
    default:
      return service.status;
  }
}

const LEVEL_WORD: Record<ViewLevel, string> = { ok: '', warning: 'warning', critical: 'critical' };

/** The cells that show numbers, shared by service and container rows. */
class MetricCells {
  readonly cpu: HTMLElement;
  readonly memory: HTMLElement;
  readonly net: HTMLElement;
  readonly block: HTMLElement;
  readonly pids: HTMLElement;
  readonly cpuSpark?: HTMLCanvasElement;
  readonly memorySpark?: HTMLCanvasElement;
  private readonly values: Record<'cpu' | 'memory' | 'memoryPercent' | 'net' | 'block' | 'pids' | 'cpuLevel' | 'memoryLevel', HTMLElement>;

  constructor(sparklines: boolean) {
    const value = (): HTMLElement => el('span', { class: 'value' }, '–');
    const label = (text: string): HTMLElement => el('span', { class: 'label', 'aria-hidden': 'true' }, text);
    const levelIcon = (): HTMLElement => el('span', { class: 'codicon level-icon', 'aria-hidden': 'true' });
    const levelWord = (): HTMLElement => el('span', { class: 'visually-hidden' });
    this.values = {
      cpu: value(), memory: value(), memoryPercent: el('span', { class: 'sub' }), net: value(), block: value(), pids: value(),
      cpuLevel: levelWord(), memoryLevel: levelWord(),
    };
    if (sparklines) {
      this.cpuSpark = el('canvas', { class: 'spark', 'aria-hidden': 'true' });
      this.memorySpark = el('canvas', { class: 'spark', 'aria-hidden': 'true' });
    }
    const cell = (name: string, ...children: Array<Node | undefined>): HTMLElement =>
      el('div', { role: 'cell', class: `cell metric ${name}` }, ...children.filter((c): c is Node => c !== undefined));
    this.cpu = cell('cpu', label('CPU'), levelIcon(), this.values.cpu, this.values.cpuLevel, this.cpuSpark);
    this.memory = cell('memory', label('Mem'), levelIcon(), this.values.memory, this.values.memoryPercent, this.values.memoryLevel, this.memorySpark);
    this.net = cell('net', label('Net'), this.values.net);
    this.block = cell('block', label('Block'), this.values.block);
    this.pids = cell('pids', label('PIDs'), this.values.pids);
  }

  get all(): HTMLElement[] {
    return [this.cpu, this.memory, this.net, this.block, this.pids];
  }

  show(
    numbers: ViewNumbers | undefined,
    cpuLevel: ViewLevel,
    memoryLevel: ViewLevel,
    thresholds?: ViewThresholds,
  ): void {
    setText(this.values.cpu, numbers ? formatPercent(numbers.cpuPercent) : '–');
    setText(this.values.memory, numbers ? formatMemoryUsage(numbers.memoryUsageBytes, numbers.memoryLimitBytes) : '–');
    setText(this.values.memoryPercent, numbers ? formatPercent(numbers.memoryPercent) : '');
    setText(this.values.net, numbers ? `↓ ${formatRate(numbers.netRxRate)} ↑ ${formatRate(numbers.netTxRate)}` : '–');
    setText(this.values.block, numbers ? `r ${formatRate(numbers.blockReadRate)} w ${formatRate(numbers.blockWriteRate)}` : '–');
    setText(this.values.pids, numbers ? String(numbers.pids) : '–');
    setLevel(this.cpu, this.values.cpuLevel, numbers ? cpuLevel : 'ok', thresholds && `CPU ${thresholdWords(cpuLevel, thresholds.cpu)}`);
    setLevel(this.memory, this.values.memoryLevel, numbers ? memoryLevel : 'ok', thresholds && `memory ${thresholdWords(memoryLevel, thresholds.memory)} of the limit`);
  }
}

// Writing an unchanged value still invalidates style; with 30 containers a second that adds up.
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
function setClass(element: HTMLElement, className: string): void {
  if (element.className !== className) element.className = className;
}
function setAttribute(element: HTMLElement, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** "above 85%" for the tooltip: which line was crossed (CPU counts against the CPU limit when one is declared). */
function thresholdWords(level: ViewLevel, bounds: { warning: number; critical: number }): string {
  return level === 'critical' ? `above ${bounds.critical}%` : `at or above ${bounds.warning}%`;
}

function setLevel(cell: HTMLElement, word: HTMLElement, level: ViewLevel, detail?: string): void {
  const key = `${level}:${detail ?? ''}`;
  if (cell.dataset.level === key) return;
  cell.dataset.level = key;
  cell.classList.toggle('level-warning', level === 'warning');
  cell.classList.toggle('level-critical', level === 'critical');
  const icon = cell.querySelector('.level-icon');
  icon?.classList.toggle('codicon-warning', level === 'warning');
  icon?.classList.toggle('codicon-error', level === 'critical');
  setText(word, level === 'ok' ? '' : ` (${LEVEL_WORD[level]})`);
  if (level === 'ok') cell.removeAttribute('title');
  else cell.title = `${LEVEL_WORD[level] === 'critical' ? 'Critical' : 'Warning'}: ${detail ?? 'above the threshold'}`;
}

function actionButton(action: ServiceAction, target: string): HTMLButtonElement {
  const meta = ACTION_META[action];
  const label = `${meta.label} ${target}`;
  return el('button', {
    type: 'button',
    class: `action codicon codicon-${meta.icon}`,
    'data-action': action,
    'aria-label': label,
    title: `${label} (${meta.key.toUpperCase()})`,
  });
}

/** "shop_worker_2" or "shop-worker-2" under the shop project reads as "worker_2"; the full name is the tooltip. */
function shortName(project: string, name: string): string {
  for (const separator of ['_', '-']) {
    const prefix = `${project}${separator}`;
    if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
  }
  return name;
}

/** Said where a replica's engine is not the one Stevedore reaches (Prometheus source). */
const unreachableWords = (host: string | undefined): string =>
  `${host ? `The engine of ${host}` : 'This replica\'s engine'} is not reachable from here: start, stop, logs and shell are not available`;

class ContainerRow {
  readonly row: HTMLElement;
  private readonly title: HTMLElement;
  private readonly state: HTMLElement;
  private readonly host: HTMLElement;
  private readonly unreachable: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly metrics = new MetricCells(false);
  hostName: string | undefined;

  constructor(
    private readonly project: string,
    service: string,
    container: ViewContainer,
    private readonly context: RowContext,
  ) {
    this.title = el('span', { class: 'title' });
    this.state = el('span', { class: 'status-text' });
    this.host = el('span', { class: 'replica-host', hidden: '' });
    this.unreachable = el('span', { class: 'codicon codicon-debug-disconnect unreachable', role: 'img', hidden: '' });
    const logs = actionButton('logs', container.name);
    const inspect = actionButton('inspect', container.name);
    const shell = actionButton('shell', container.name);
    this.buttons = [logs, inspect, shell];
    shell.addEventListener('click', () => context.act('shell', project, service, container.containerId));
    logs.addEventListener('click', () => context.act('logs', project, service, container.containerId));
    inspect.addEventListener('click', () => context.act('inspect', project, service, container.containerId));
    this.row = el('div', {
      role: 'row',
      class: 'row container-row',
      'data-vscode-context': JSON.stringify({
        webviewSection: 'container', project, service, containerId: container.containerId, preventDefaultContextMenuItems: true,
      }),
    },
    el('div', { role: 'rowheader', class: 'cell name' },
      el('span', { class: 'codicon codicon-symbol-field', 'aria-hidden': 'true' }), this.title, this.host, this.state),
    el('div', { class: 'break', role: 'none' }),
    ...this.metrics.all,
    el('div', { role: 'cell', class: 'cell actions' }, this.unreachable, logs, inspect, shell));
    this.update(container);
  }

  update(container: ViewContainer): void {
    setText(this.title, shortName(this.project, container.name));
    if (this.title.title !== container.name) this.title.title = container.name;
    setText(this.state, container.state);
    this.hostName = container.host;
    // The host beside each replica: "on host-b" is what tells replicas on two machines apart.
    if (this.host.hidden !== (container.host === undefined)) this.host.hidden = container.host === undefined;
    setText(this.host, container.host ? `on ${container.host}` : '');
    const reachable = container.engineReachable !== false;
    if (this.unreachable.hidden !== reachable) this.unreachable.hidden = reachable;
    if (!reachable) {
      const words = unreachableWords(container.host);
      setAttribute(this.unreachable, 'aria-label', words);
      if (this.unreachable.title !== words) this.unreachable.title = words;
    }
    const [logs, inspect, shell] = this.buttons;
    logs.hidden = !reachable;
    inspect.hidden = !reachable;
    shell.hidden = !reachable || container.state !== 'running' || !this.context.trusted;
    this.metrics.show(container.numbers, 'ok', 'ok');
  }
}

export class ServiceRow {
  readonly key: string;
  /** Everything this service puts in the table, in order. */
  readonly group: HTMLElement;
  private readonly row: HTMLElement;
  private readonly icon: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly errors: HTMLElement;
  private readonly kind: HTMLElement;
  private readonly unreachable: HTMLElement;
  private readonly metrics = new MetricCells(true);
  private readonly buttons: Record<ServiceAction | 'chart', HTMLElement>;
  private readonly containerRows = new Map<string, ContainerRow>();
  private readonly containersHost: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly chartHost: HTMLElement;
  private readonly resources: HTMLElement;
  private readonly soleHost: HTMLElement;
  private chart: ServiceChart | undefined;
  private service: ViewService;

  constructor(service: ViewService, private readonly context: RowContext) {
    this.service = service;
    this.key = serviceKey(service.project, service.service);
    const detailId = `detail-${encodeURIComponent(this.key).replace(/%/g, '_')}`;
    this.icon = el('span', { class: 'codicon status-icon', 'aria-hidden': 'true' });
    this.title = el('span', { class: 'title' });
    this.status = el('span', { class: 'status-text' });
    // The error count opens the log view filtered to this service's errors.
    this.errors = el('button', { type: 'button', class: 'errors', hidden: '' });
    this.errors.addEventListener('click', () => this.run('errors'));
    this.kind = el('span', { class: 'kind', hidden: '' });
    // Prometheus source: where a service's only container runs (replicas say it on their own rows).
    this.soleHost = el('span', { class: 'replica-host', hidden: '' });
    this.unreachable = el('span', { class: 'codicon codicon-debug-disconnect unreachable', role: 'img', hidden: '' });

    const chart = el('button', {
      type: 'button', class: 'action codicon codicon-graph-line', 'aria-expanded': 'false', 'aria-controls': detailId,
      'aria-label': `Chart of ${service.service}`, title: 'Show the chart (Enter)',
    });
    chart.addEventListener('click', () => this.toggleChart());
    const start = el('vscode-button', { class: 'start', icon: 'debug-start', 'data-action': 'start' }, 'Start');
    start.setAttribute('aria-label', `Start ${service.service}`);
    this.buttons = {
      chart,
      start,
      stop: actionButton('stop', service.service),
      restart: actionButton('restart', service.service),
      logs: actionButton('logs', service.service),
      inspect: actionButton('inspect', service.service),
      errors: this.errors,
      shell: actionButton('shell', service.service),
      browser: actionButton('browser', service.service),
      load: actionButton('load', service.service),
    };
    for (const action of ['start', 'stop', 'restart', 'logs', 'inspect', 'shell', 'browser', 'load'] as const) {
      this.buttons[action].addEventListener('click', () => this.run(action));
    }

    this.row = el('div', {
      role: 'row',
      class: 'row service-row',
      tabindex: '-1',
      'data-key': this.key,
      'aria-keyshortcuts': 'Enter S X R L I E T B P',
    },
    el('div', { role: 'rowheader', class: 'cell name' }, this.icon, this.title, this.kind, this.soleHost, this.status, this.errors),
    el('div', { class: 'break', role: 'none' }),
    ...this.metrics.all,
    el('div', { role: 'cell', class: 'cell actions' },
      this.unreachable, this.buttons.start, this.buttons.chart, this.buttons.stop,
      this.buttons.restart, this.buttons.logs, this.buttons.inspect, this.buttons.shell, this.buttons.browser,
      this.buttons.load));
    this.containersHost = el('div', { role: 'rowgroup' });
    this.chartHost = el('div', { class: 'chart', role: 'img' });
    this.resources = el('ul', { class: 'resources' });
    this.detail = el('div', { role: 'row', class: 'row detail-row', id: detailId, hidden: '' },
      el('div', { role: 'cell', class: 'cell' }, this.chartHost, this.resources));
    this.group = el('div', { role: 'rowgroup', class: 'service-group' }, this.row, this.containersHost, this.detail);
    this.update(service);
    if (context.isExpanded(this.key)) this.toggleChart(true);
  }

  update(service: ViewService): void {
    const previous = this.service.status;
    this.service = service;
    const words = statusText(service);
    setClass(this.row, `row service-row status-${service.status}`);
    setClass(this.icon, `codicon status-icon codicon-${STATUS_ICON[service.status]}`);
    setText(this.title, service.service);
    setText(this.status, words);
    if (this.kind.hidden !== (service.kind === undefined)) this.kind.hidden = service.kind === undefined;
    setText(this.kind, service.kind ?? '');
    const soleHost = service.containers.length === 1 ? service.containers[0].host : undefined;
    if (this.soleHost.hidden !== (soleHost === undefined)) this.soleHost.hidden = soleHost === undefined;
    setText(this.soleHost, soleHost ? `on ${soleHost}` : '');
    if (previous !== service.status) this.context.announce(`${service.service}: ${words}`);
    setAttribute(this.row, 'data-vscode-context', JSON.stringify({
      webviewSection: 'service',
      project: service.project,
      service: service.service,
      running: service.containers.some((c) => c.state === 'running'),
      hasContainers: service.containers.length > 0,
      preventDefaultContextMenuItems: true,
    }));

    if (this.errors.hidden !== (service.errorCount === 0)) this.errors.hidden = service.errorCount === 0;
    if (service.errorCount > 0) {
      const text = `${service.errorCount} error${service.errorCount === 1 ? '' : 's'}`;
      if (this.errors.getAttribute('aria-label') !== `${text} in the logs`) {
        this.errors.replaceChildren(el('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }), String(service.errorCount));
        this.errors.setAttribute('aria-label', `${text} in the logs`);
        this.errors.title = `${text} in the logs: show them (E)`;
      }
    }

    this.metrics.show(service.total, service.cpuLevel, service.memoryLevel, this.context.thresholds());
    this.drawSparklines();
    this.updateContainers(service);
    this.updateButtons();
    this.updateResources();
    if (this.chart) this.updateChart();
  }

  /** Draw the chart and give it a text alternative: the canvas alone says nothing to a screen reader. */
  private updateChart(): void {
    const series = this.context.history.get(this.key);
    this.chart?.update(series, this.service.total?.memoryLimitBytes, this.context.gapSeconds());
    const count = series?.time.length ?? 0;
    let label = `Chart of ${this.service.service}: no samples yet`;
    if (series && count > 0) {
      const minutes = Math.max(1, Math.round((series.time[count - 1] - series.time[0]) / 60));
      const span = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
      label = `CPU and memory of ${this.service.service} over the last ${span}: ` +
        `CPU now ${formatPercent(series.cpuPercent[count - 1])}, peak ${formatPercent(Math.max(...series.cpuPercent))}; ` +
        `memory now ${formatMemory(series.memoryBytes[count - 1])}, peak ${formatMemory(Math.max(...series.memoryBytes))}`;
    }
    if (this.chartHost.getAttribute('aria-label') !== label) this.chartHost.setAttribute('aria-label', label);
  }

  /** Open or close the chart; `open` forces a state. */
  toggleChart(open = this.detail.hidden): void {
    this.detail.hidden = !open;
    this.buttons.chart.setAttribute('aria-expanded', String(open));
    this.buttons.chart.title = open ? 'Hide the chart (Enter)' : 'Show the chart (Enter)';
    this.context.setExpanded(this.key, open);
    if (open) {
      this.chart ??= new ServiceChart(this.chartHost, this.service.total?.memoryLimitBytes);
      // Laid out first, so the chart takes the cell's real width.
      requestAnimationFrame(() => this.updateChart());
    } else {
      this.chart?.destroy();
      this.chart = undefined;
      this.chartHost.replaceChildren();
    }
  }

  /** Mark a moment (unix ms) on the chart: a log line's time, from the log view. */
  markTime(timeMs: number): void {
    this.markedTime = timeMs / 1000;
    requestAnimationFrame(() => {
      this.chart?.mark(this.markedTime);
      this.context.announce(`${this.service.service} at ${new Date(timeMs).toLocaleTimeString()} is marked on its chart`);
    });
  }

  private markedTime: number | undefined;

  /** A keyboard shortcut on the focused row; returns false when the key means nothing here. */
  shortcut(key: string): boolean {
    const action = (Object.keys(ACTION_META) as ServiceAction[]).find((a) => ACTION_META[a].key === key.toLowerCase());
    if (!action) return false;
    this.run(action);
    return true;
  }

  focus(): void {
    for (const other of document.querySelectorAll<HTMLElement>('.service-row')) other.tabIndex = -1;
    this.row.tabIndex = 0;
    this.row.focus();
    this.row.scrollIntoView({ block: 'nearest' });
  }

  refreshTrust(): void {
    this.updateButtons();
  }

  redrawHistory(): void {
    this.drawSparklines();
    if (this.chart) this.updateChart();
  }

  restyle(): void {
    this.drawSparklines();
    this.chart?.restyle();
  }

  destroy(): void {
    this.chart?.destroy();
    this.group.remove();
  }

  /** What this row shows, for the extension test's snapshot. */
  rendered(): RenderedService {
    const cpu = this.metrics.cpu.querySelector('.value')?.textContent ?? '';
    const series = this.context.history.get(this.key);
    const sole = this.service.containers.length === 1 ? this.service.containers[0].host : undefined;
    const hostNames = [...[...this.containerRows.values()].map((row) => row.hostName), sole];
    const hosts = [...new Set(hostNames.filter((h): h is string => h !== undefined))];
    const points = series?.time.length ?? 0;
    return {
      project: this.service.project,
      service: this.service.service,
      status: this.status.textContent ?? '',
      numbersShown: /\d/.test(cpu),
      errors: this.errors.hidden ? 0 : Number(this.errors.textContent) || 0,
      text: (this.row.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ...(hosts.length ? { hosts } : {}),
      ...(series && points ? { chart: { points, first: series.time[0], last: series.time[points - 1] } } : {}),
      detail: (this.resources.dataset.text ?? '').replace(/\s+/g, ' ').trim(),
    };
  }

  private run(action: ServiceAction): void {
    const button = this.buttons[action];
    if (button.hidden) return;
    if (!isActionAllowed(action, this.context.trusted)) {
      this.context.announce(UNTRUSTED_TITLE);
      return;
    }
    this.context.act(action, this.service.project, this.service.service);
  }

  private updateButtons(): void {
    const { status } = this.service;
    // Prometheus source: only the replicas on the engine Stevedore reaches can be acted on.
    const containers = this.service.containers.filter((c) => c.engineReachable !== false);
    const noEngine = this.service.containers.length > 0 && containers.length === 0;
    if (this.unreachable.hidden !== !noEngine) this.unreachable.hidden = !noEngine;
    if (noEngine) {
      const words = this.service.engineNote ?? unreachableWords(undefined);
      setAttribute(this.unreachable, 'aria-label', words);
      if (this.unreachable.title !== words) this.unreachable.title = words;
    }
    const anyRunning = containers.some((c) => c.state === 'running' || c.state === 'restarting');
    const startable = !noEngine && (status === 'stopped' || status === 'not-created' || status === 'partial');
    const hide = (button: HTMLElement, hidden: boolean): void => {
      if (button.hidden !== hidden) button.hidden = hidden;
    };
    hide(this.buttons.start, !startable);
    hide(this.buttons.stop, !anyRunning);
    hide(this.buttons.restart, !anyRunning);
    hide(this.buttons.logs, containers.length === 0);
    hide(this.buttons.inspect, containers.length === 0);
    hide(this.buttons.shell, !anyRunning);
    hide(this.buttons.browser, !anyRunning);
    hide(this.buttons.load, !anyRunning);
    hide(this.buttons.chart, status === 'not-created');
    for (const action of ['start', 'stop', 'restart', 'shell', 'browser', 'load'] as const) {
      const button = this.buttons[action];
      const disabled = !this.context.trusted;
      if (button.hasAttribute('disabled') !== disabled) button.toggleAttribute('disabled', disabled);
      const title = disabled ? UNTRUSTED_TITLE : `${ACTION_META[action].label} ${this.service.service} (${ACTION_META[action].key.toUpperCase()})`;
      if (button.title !== title) button.title = title;
    }
  }

  private updateContainers(service: ViewService): void {
    // A single container is the service itself; replicas each get a row under the service's total.
    const shown = service.containers.length > 1 ? service.containers : [];
    const ids = new Set(shown.map((c) => c.containerId));
    for (const [id, row] of this.containerRows) {
      if (!ids.has(id)) {
        row.row.remove();
        this.containerRows.delete(id);
      }
    }
    const ordered: HTMLElement[] = [];
    for (const container of shown) {
      let row = this.containerRows.get(container.containerId);
      if (row) row.update(container);
      else {
        row = new ContainerRow(service.project, service.service, container, this.context);
        this.containerRows.set(container.containerId, row);
      }
      ordered.push(row.row);
    }
    const current = [...this.containersHost.children];
    if (current.length !== ordered.length || current.some((child, index) => child !== ordered[index])) {
      this.containersHost.replaceChildren(...ordered);
    }
  }

  private updateResources(): void {
    const items: HTMLElement[] = [];
    if (this.service.declared.length) {
      items.push(el('li', {}, el('span', { class: 'codicon codicon-file-code', 'aria-hidden': 'true' }),
        el('span', {}, el('span', { class: 'muted' }, this.service.kind ? 'Requests and limits: ' : 'Compose file: '), this.service.declared.join(', '))));
    }
    if (this.service.hint) {
      items.push(el('li', { class: 'hint' }, el('span', { class: 'codicon codicon-lightbulb', 'aria-hidden': 'true' }), this.service.hint));
    }
    if (this.service.engineNote) {
      items.push(el('li', { class: 'hint' }, el('span', { class: 'codicon codicon-debug-disconnect', 'aria-hidden': 'true' }), this.service.engineNote));
    }
    if (items.length === 0) {
      items.push(el('li', { class: 'hint' }, this.service.kind
        ? 'No requests or limits declared (or kube-state-metrics is not scraped).'
        : 'No limits or reservations declared in the compose file.'));
    }
    const text = items.map((item) => item.textContent).join('\n');
    if (this.resources.dataset.text !== text) {
      this.resources.dataset.text = text;
      this.resources.replaceChildren(...items);
    }
  }

  private drawSparklines(): void {
    const series = this.context.history.get(this.key);
    if (!series || !this.metrics.cpuSpark || !this.metrics.memorySpark) return;
    const colours = chartColours();
    const levelColour = (level: ViewLevel, normal: string): string =>
      level === 'critical' ? colours.critical : level === 'warning' ? colours.warning : normal;
    // CPU against its own recent peak (5 % at least): scaled to 100 %, 2-8 % CPU would be a flat line.
    drawSparkline(this.metrics.cpuSpark, series.cpuPercent, levelColour(this.service.cpuLevel, colours.cpu), { kind: 'own', floor: CPU_FLOOR_PERCENT });
    // Memory against the compose file's limit when one is declared; without one the engine reports the
    // host's memory as the limit, which would flatten the line, so it gets its own range.
    const limit = this.service.total?.memoryLimitBytes;
    const declaredLimit = limit !== undefined && limit > 0 && this.service.declared.some((words) => words.startsWith('memory limit'));
    drawSparkline(this.metrics.memorySpark, series.memoryBytes, levelColour(this.service.memoryLevel, colours.memory),
      declaredLimit ? { kind: 'limit', top: limit } : { kind: 'own', floor: MEMORY_FLOOR_BYTES });
  }
}

