// Browser side of the Container stats view: a table of compose services per project, updated in
// place (focus and expanded charts survive every update), with keyboard navigation and actions.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import uplotCss from 'uplot/dist/uPlot.min.css';
import statsCss from '../../media/stats.css';
import {
  type ConnectionFix,
  type ConnectionStatus,
  RANGE_SECONDS,
  type StatsFromWebview,
  type StatsToWebview,
  type ViewProject,
  type ViewSource,
  type ViewThresholds,
  parseStatsToWebview,
  serviceKey,
} from '../../src/shared/protocol/stats';
import { connect, el } from '../common/bridge';
import { HistoryStore } from './history';
import { ServiceRow, type RowContext } from './rows';
import { SourceBar } from './sourceBar';
import { GAP_SECONDS } from './chart';
import { onThemeChange } from './theme';

// Constructed stylesheets are part of the bundle: nothing remote, nothing inline for the CSP to refuse.
function adopt(text: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return sheet;
}
document.adoptedStyleSheets = [...document.adoptedStyleSheets, adopt(uplotCss), adopt(statsCss)];

interface SavedState {
  expanded: string[];
}

const root = document.getElementById('root') as HTMLElement;
let rendered = false;
const bridge = connect<StatsToWebview, StatsFromWebview>('stats', () => rendered);
const saved = bridge.getState<SavedState>();

const banner = el('div', { class: 'banner', role: 'status' });
const trustNotice = el('p', { class: 'notice', hidden: '' },
  el('span', { class: 'codicon codicon-shield', 'aria-hidden': 'true' }),
  'Restricted mode: starting, stopping and restarting containers is disabled, and this workspace\'s '
  + 'stevedore.dockerHost and stevedore.compose.files are ignored, until you trust it.');
// Only state changes are announced: the numbers change every second and would drown a screen reader.
const announcer = el('div', { class: 'visually-hidden', 'aria-live': 'polite' });
const projectsHost = el('div', { class: 'projects' });

const history = new HistoryStore();
const rows = new Map<string, ServiceRow>();
const expanded = new Set<string>(saved?.expanded ?? []);
const projectSections =
  new Map<string, { section: HTMLElement; table: HTMLElement; title: HTMLElement; folder: HTMLElement }>();
let connection: ConnectionStatus = 'connecting';
let thresholds: ViewThresholds = { cpu: { warning: 70, critical: 85 }, memory: { warning: 80, critical: 90 } };
let source: ViewSource = { source: 'engine' };
/** Points further apart than this break the chart's line (Prometheus: a few query steps). */
let gapSeconds = GAP_SECONDS;
/** The engine's own window (stevedore.stats.historyMinutes) for when the source goes back to the engine. */
let engineWindowSeconds = 3600;

const context: RowContext = {
  trusted: false,
  history,
  isExpanded: (key) => expanded.has(key),
  setExpanded: (key, open) => {
    if (open) expanded.add(key);
    else expanded.delete(key);
    bridge.setState({ expanded: [...expanded] } satisfies SavedState);
  },
  act: (action, project, service, containerId) =>
    bridge.post({ type: 'stats/action', action, project, service, ...(containerId ? { containerId } : {}) }),
  announce: (text) => {
    announcer.textContent = text;
  },
  thresholds: () => thresholds,
  gapSeconds: () => gapSeconds,
};

const sourceBar = new SourceBar({
  range: (range) => bridge.post({ type: 'stats/setRange', range }),
  namespace: (namespace) => bridge.post({ type: 'stats/setNamespace', namespace }),
  announce: (text) => context.announce(text),
});

const FIX_BUTTONS: Record<ConnectionFix, { icon: string; label: string }> = {
  setSecret: { icon: 'key', label: 'Set token or password…' },
  openSettings: { icon: 'settings-gear', label: 'Prometheus settings…' },
};

function showBanner(status: ConnectionStatus, text: string, fix?: ConnectionFix): void {
  connection = status;
  banner.replaceChildren();
  if (status === 'connected') return;
  const isError = status === 'engine-down' || status === 'source-down';
  const icon = status === 'connecting' ? 'loading codicon-modifier-spin' : isError ? 'error' : 'info';
  banner.append(el('p', { class: `message${isError ? ' error' : ''}` },
    el('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }), ' ', text));
  if (status === 'engine-down' || status === 'source-down') {
    const retry = el('vscode-button', { secondary: '', icon: 'refresh' }, 'Retry now');
    retry.addEventListener('click', () => bridge.post({ type: 'stats/retry' }));
    banner.append(retry);
  }
  if (status === 'source-down' && fix) {
    const button = el('vscode-button', { secondary: '', icon: FIX_BUTTONS[fix].icon }, FIX_BUTTONS[fix].label);
    button.addEventListener('click', () => bridge.post({ type: 'stats/fix', fix }));
    banner.append(button);
  }
  if (status === 'no-compose') {
    const pick = el('vscode-button', { icon: 'folder-opened' }, 'Choose compose file…');
    pick.addEventListener('click', () => bridge.post({ type: 'stats/pickComposeFile' }));
    banner.append(pick);
  }
}

function headerRow(): HTMLElement {
  const header = (text: string, extra = ''): HTMLElement => el('div', { role: 'columnheader', class: `cell ${extra}` }, text);
  return el('div', { role: 'row', class: 'row header' },
    header('Service'), header('CPU'), header('Memory'), header('Net I/O ↓ / ↑'), header('Block I/O r / w'), header('PIDs'),
    header('Actions', 'actions'));
}

function sectionFor(project: ViewProject, multiRoot: boolean): { section: HTMLElement; table: HTMLElement } {
  const key = `${project.folder}\u0000${project.project}`;
  let entry = projectSections.get(key);
  if (!entry) {
    const titleId = `project-${projectSections.size}`;
    const title = el('span', { id: titleId }, project.project);
    const folder = el('span', { class: 'folder' });
    const table = el('div', { role: 'table', class: 'table', 'aria-labelledby': titleId, 'aria-describedby': 'keyboard-help' }, headerRow());
    const section = el('section', { class: 'project' },
      el('h2', { class: 'project-title' }, el('span', { class: 'codicon codicon-layers', 'aria-hidden': 'true' }), title, folder),
      table);
    entry = { section, table, title, folder };
    projectSections.set(key, entry);
  }
  // The folder only tells projects apart in a multi-root workspace; with one folder it is noise.
  entry.folder.textContent = multiRoot && project.folder ? `— ${project.folder}` : '';
  return entry;
}

function renderProjects(projects: ViewProject[], now: number): void {
  const seen = new Set<string>();
  const sections: HTMLElement[] = [];
  const folders = new Set(projects.map((project) => project.folder));
  for (const project of projects) {
    const { section, table } = sectionFor(project, folders.size > 1);
    sections.push(section);
    const groups: HTMLElement[] = [table.firstElementChild as HTMLElement];
    for (const service of project.services) {
      const key = serviceKey(service.project, service.service);
      seen.add(key);
      if (service.total) history.add(key, now, service.total.cpuPercent, service.total.memoryUsageBytes);
      let row = rows.get(key);
      if (!row) {
        row = new ServiceRow(service, context);
        rows.set(key, row);
      }
      row.update(service);
      groups.push(row.group);
    }
    // Reorder only when needed: moving a focused row would steal focus from the keyboard user.
    const current = [...table.children];
    if (current.length !== groups.length || current.some((child, index) => child !== groups[index])) {
      table.replaceChildren(...groups);
    }
  }
  for (const [key, row] of rows) {
    if (!seen.has(key)) {
      row.destroy();
      rows.delete(key);
    }
  }
  for (const key of [...projectSections.keys()]) {
    if (!projects.some((project) => `${project.folder}\u0000${project.project}` === key)) projectSections.delete(key);
  }
  history.forget(seen);
  const current = [...projectsHost.children];
  if (current.length !== sections.length || current.some((child, index) => child !== sections[index])) {
    projectsHost.replaceChildren(...sections);
  }
  ensureOneTabStop();
  if (projects.length === 0 && connection === 'connected') showBanner('no-compose', 'No compose services found in this workspace.');
  markRendered();
}

/** Roving tabindex: exactly one service row is in the Tab order; arrows move between rows. */
function ensureOneTabStop(): void {
  const all = serviceRows();
  if (all.length === 0) return;
  if (!all.some((row) => row.tabIndex === 0)) all[0].tabIndex = 0;
}

const serviceRows = (): HTMLElement[] => [...projectsHost.querySelectorAll<HTMLElement>('.service-row')];

function moveFocus(from: HTMLElement, to: HTMLElement | undefined): void {
  if (!to) return;
  from.tabIndex = -1;
  to.tabIndex = 0;
  to.focus();
}

projectsHost.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('service-row')) return;
  const all = serviceRows();
  const index = all.indexOf(target);
  const row = rows.get(target.dataset.key ?? '');
  switch (event.key) {
    case 'ArrowDown':
      moveFocus(target, all[index + 1]);
      break;
    case 'ArrowUp':
      moveFocus(target, all[index - 1]);
      break;
    case 'Home':
      moveFocus(target, all[0]);
      break;
    case 'End':
      moveFocus(target, all[all.length - 1]);
      break;
    case 'Enter':
    case ' ':
      row?.toggleChart();
      break;
    case 'ArrowRight':
      row?.toggleChart(true);
      break;
    case 'ArrowLeft':
      row?.toggleChart(false);
      break;
    default:
      if (event.ctrlKey || event.metaKey || event.altKey || !row?.shortcut(event.key)) return;
  }
  event.preventDefault();
});
projectsHost.addEventListener('focusin', (event) => {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('service-row')) return;
  for (const other of serviceRows()) other.tabIndex = other === target ? 0 : -1;
});

function snapshot(id: number): void {
  const services = [...rows.values()].filter((row) => row.group.isConnected).map((row) => row.rendered());
  const prometheus = source.source === 'prometheus'
    ? { range: sourceBar.currentRange, header: sourceBar.text() }
    : {};
  bridge.post({ type: 'stats/snapshot', id, banner: banner.textContent ?? '', services, ...prometheus });
}

function markRendered(): void {
  root.setAttribute('aria-busy', 'false');
  rendered = true;
}

let mounted = false;
function mount(): void {
  if (mounted) return;
  mounted = true;
  root.replaceChildren(banner, trustNotice, announcer, sourceBar.element, projectsHost,
    el('p', { id: 'keyboard-help', class: 'visually-hidden' },
      'Arrow keys move between services; Enter shows the chart; S starts, X stops, R restarts, L opens logs, I inspects, '
      + 'E shows the error lines, T opens a shell, B opens a published port in the browser, P starts a load test.'));
}

bridge.onMessage((raw) => {
  const message = parseStatsToWebview(raw);
  if (!message) return;
  mount();
  switch (message.type) {
    case 'stats/config':
      context.trusted = message.trusted;
      thresholds = message.thresholds;
      engineWindowSeconds = message.historySeconds;
      if (source.source === 'engine') history.windowSeconds = engineWindowSeconds;
      trustNotice.hidden = message.trusted;
      for (const row of rows.values()) row.refreshTrust();
      break;
    case 'stats/connection':
      showBanner(message.status, message.message, message.fix);
      if (message.status === 'engine-down' || message.status === 'no-compose' || message.status === 'source-down') markRendered();
      break;
    case 'stats/source':
      source = message.view;
      sourceBar.show(message.view);
      history.windowSeconds = source.source === 'prometheus' ? RANGE_SECONDS[source.range] : engineWindowSeconds;
      if (source.source === 'engine') gapSeconds = GAP_SECONDS;
      break;
    case 'stats/hosts':
      sourceBar.showHosts(message.hosts);
      break;
    case 'stats/projects':
      renderProjects(message.projects, message.at);
      break;
    case 'stats/history':
      if (message.range) {
        history.windowSeconds = RANGE_SECONDS[message.range];
        // A scrape or two missed is not a gap; Prometheus' staleness (5 min) is what query_range leaves out.
        gapSeconds = Math.max(GAP_SECONDS, (message.stepSeconds ?? 0) * 3);
      }
      history.load(message.series);
      for (const row of rows.values()) row.redrawHistory();
      break;
    case 'stats/reveal': {
      const row = rows.get(serviceKey(message.project, message.service));
      row?.toggleChart(true);
      row?.focus();
      if (message.time !== undefined) row?.markTime(message.time);
      break;
    }
    case 'stats/snapshotRequest':
      snapshot(message.id);
      break;
    default:
      break;
  }
});

onThemeChange(() => {
  for (const row of rows.values()) row.restyle();
});
root.replaceChildren(el('vscode-progress-ring', { 'aria-label': 'Loading container stats' }));
