// Browser side of the log view: a filter bar and a virtualised grid of log lines. The extension keeps
// the lines and the filtered view; this page knows only how many rows there are and asks for the
// window it shows (plus a margin), so 100k lines cost the same as 100. Every line is text (textContent).
import logsCss from '../../media/logs.css';
import {
  EMPTY_FILTER,
  type LogsFromWebview,
  type LogsToWebview,
  type LogViewStatus,
  type RenderedLogView,
  type ViewLevelChoice,
  type ViewLogFilter,
  type ViewLogRow,
  type ViewLogService,
  parseLogsToWebview,
} from '../../src/shared/protocol/logs';
import { connect, el } from '../common/bridge';

const sheet = new CSSStyleSheet();
sheet.replaceSync(logsCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

/** Fixed row height (px): what makes the window arithmetic exact. */
const ROW = 20;
/** Rows fetched beyond the visible ones on each side: scrolling a page either way shows cached rows. */
const OVERSCAN = 60;
const FILTER_DEBOUNCE_MS = 150;

interface SavedState {
  filter: ViewLogFilter;
  following: boolean;
}

const root = document.getElementById('root') as HTMLElement;
let rendered = false;
const bridge = connect<LogsToWebview, LogsFromWebview>('logs', () => rendered);
const saved = bridge.getState<SavedState>();

// ---- state ----------------------------------------------------------------------------------
let filter: ViewLogFilter = saved?.filter ?? EMPTY_FILTER;
let following = saved?.following ?? true;
let status: LogViewStatus | undefined;
let total = 0;
let generation = -1;
let services: ViewLogService[] = [];
let project = '';
/** Rows received for the current generation, by index. */
let cache = new Map<number, ViewLogRow>();
let requested: { start: number; count: number } | undefined;
let activeIndex = -1;
/** Set while the page itself scrolls, so the scroll handler does not take it for the user. */
let programmaticScroll = false;

// ---- elements -------------------------------------------------------------------------------
const icon = (name: string): HTMLElement => el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
function toolButton(name: string, label: string, keys: string, toggle = false): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'tool', title: keys ? `${label} (${keys})` : label, 'aria-label': label }, icon(name));
  if (toggle) button.setAttribute('aria-pressed', 'false');
  return button;
}

const textInput = el('input', {
  type: 'text', class: 'text-filter', placeholder: 'Filter (text)', 'aria-label': 'Filter lines by text', spellcheck: 'false',
  'aria-describedby': 'filter-error',
});
const regexToggle = toolButton('regex', 'Use regular expression', 'Alt+R', true);
const queryInput = el('input', {
  type: 'text', class: 'query-filter', placeholder: 'LogQL: |= "x" != "y" |~ "re"', 'aria-label': 'LogQL line filters',
  spellcheck: 'false', 'aria-describedby': 'filter-error',
});
const levelButtons = new Map<ViewLevelChoice, HTMLButtonElement>();
const LEVEL_LABEL: Record<ViewLevelChoice, [string, string]> = {
  error: ['ERR', 'errors'], warn: ['WRN', 'warnings'], info: ['INF', 'info'], debug: ['DBG', 'debug'], none: ['—', 'lines without a level'],
};
const levelGroup = el('div', { role: 'group', class: 'levels', 'aria-label': 'Levels (none pressed: all)' });
for (const level of ['error', 'warn', 'info', 'debug', 'none'] as ViewLevelChoice[]) {
  const [short, words] = LEVEL_LABEL[level];
  const button = el('button', {
    type: 'button', class: `level-toggle level-${level}`, 'aria-pressed': 'false', title: `Show ${words}`, 'aria-label': `Show ${words}`,
  }, short);
  button.addEventListener('click', () => {
    const levels = new Set(filter.levels);
    if (levels.has(level)) levels.delete(level);
    else levels.add(level);
    setFilter({ ...filter, levels: [...levels] });
  });
  levelButtons.set(level, button);
  levelGroup.append(button);
}
const serviceSelect = el('select', { class: 'service-filter', 'aria-label': 'Service' });
const followButton = toolButton('fold-down', 'Follow new lines', 'End', true);
const pauseButton = toolButton('debug-pause', 'Pause', 'Space', true);
const previousError = toolButton('arrow-up', 'Previous error', 'Shift+F8');
const nextError = toolButton('arrow-down', 'Next error', 'F8');
const copyButton = toolButton('copy', 'Copy the lines shown', '');
const exportButton = toolButton('save', 'Export the lines shown to a file…', '');

const filterError = el('div', { id: 'filter-error', class: 'filter-error', role: 'alert', hidden: '' });
const statusText = el('span', { class: 'status-text' });
const statusNotice = el('span', { class: 'status-notice' });
const statusBar = el('div', { class: 'status' }, statusText, statusNotice);
const announcer = el('div', { class: 'visually-hidden', 'aria-live': 'polite' });

const spacer = el('div', { class: 'spacer' });
const rowsHost = el('div', { class: 'rows', role: 'rowgroup' });
const grid = el('div', {
  class: 'viewport', role: 'grid', tabindex: '0', 'aria-label': 'Log lines', 'aria-readonly': 'true',
  'aria-rowcount': '0', 'aria-colcount': '4', 'aria-describedby': 'keyboard-help',
}, spacer, rowsHost);
const empty = el('div', { class: 'empty', hidden: '' });
const keyboardHelp = el('p', { id: 'keyboard-help', class: 'visually-hidden' },
  'Up and Down move between lines; Page Up, Page Down, Home; End follows new lines; F8 and Shift+F8 jump to the next and previous error; '
  + 'Ctrl+C copies the line; G shows its time in the service\'s stats chart; Space pauses.');

const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Log filters and actions' },
  el('div', { class: 'search' }, textInput, regexToggle), queryInput, levelGroup, serviceSelect,
  el('span', { class: 'separator', role: 'separator' }),
  followButton, pauseButton, previousError, nextError, copyButton, exportButton);

// ---- filter bar -----------------------------------------------------------------------------
let filterTimer: ReturnType<typeof setTimeout> | undefined;

function save(): void {
  bridge.setState({ filter, following } satisfies SavedState);
}

/** Show a filter in the bar's controls (without sending it). */
function showFilter(next: ViewLogFilter): void {
  filter = next;
  if (textInput.value !== next.text) textInput.value = next.text;
  if (queryInput.value !== next.query) queryInput.value = next.query;
  regexToggle.setAttribute('aria-pressed', String(next.regex));
  for (const [level, button] of levelButtons) button.setAttribute('aria-pressed', String(next.levels.includes(level)));
  fillServices();
  save();
}

function setFilter(next: ViewLogFilter, debounce = false): void {
  showFilter(next);
  clearTimeout(filterTimer);
  const send = (): void => bridge.post({ type: 'logs/setFilter', filter });
  if (debounce) filterTimer = setTimeout(send, FILTER_DEBOUNCE_MS);
  else send();
}

function fillServices(): void {
  const names = new Set(services.map((s) => s.name));
  for (const name of filter.services) names.add(name);
  const wanted = ['', ...names];
  const current = [...serviceSelect.options].map((option) => option.value);
  if (current.join('\u0000') !== wanted.join('\u0000')) {
    serviceSelect.replaceChildren(...wanted.map((name) => el('option', { value: name }, name || 'All services')));
  }
  serviceSelect.value = filter.services.length === 1 ? filter.services[0] : '';
}

textInput.addEventListener('input', () => setFilter({ ...filter, text: textInput.value }, true));
queryInput.addEventListener('input', () => setFilter({ ...filter, query: queryInput.value }, true));
for (const input of [textInput, queryInput]) {
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && input.value) {
      input.value = '';
      setFilter(input === textInput ? { ...filter, text: '' } : { ...filter, query: '' });
      event.stopPropagation();
    } else if (event.key === 'Enter') {
      setFilter({ ...filter, text: textInput.value, query: queryInput.value });
    } else if (event.key === 'ArrowDown') {
      grid.focus();
    }
  });
}
regexToggle.addEventListener('click', () => setFilter({ ...filter, regex: !filter.regex }));
serviceSelect.addEventListener('change', () => setFilter({ ...filter, services: serviceSelect.value ? [serviceSelect.value] : [] }));
followButton.addEventListener('click', () => setFollowing(!following, true));
pauseButton.addEventListener('click', () => togglePause());
previousError.addEventListener('click', () => jump('previous'));
nextError.addEventListener('click', () => jump('next'));
copyButton.addEventListener('click', () => bridge.post({ type: 'logs/copy' }));
exportButton.addEventListener('click', () => bridge.post({ type: 'logs/export' }));

function togglePause(): void {
  bridge.post({ type: 'logs/pause', paused: !(status?.paused ?? false) });
}

function jump(direction: 'next' | 'previous'): void {
  const from = activeIndex >= 0 ? activeIndex : direction === 'next' ? firstVisible() - 1 : Math.min(total, firstVisible() + visibleCount());
  bridge.post({ type: 'logs/jump', from: Math.max(-1, from), direction });
}

function announce(text: string): void {
  announcer.textContent = '';
  // A fresh node each time so the same words are announced twice in a row.
  requestAnimationFrame(() => {
    announcer.textContent = text;
  });
}

// ---- follow ---------------------------------------------------------------------------------
function setFollowing(on: boolean, byUser = false): void {
  if (following !== on && byUser) announce(on ? 'Following new lines' : 'Stopped following');
  following = on;
  followButton.setAttribute('aria-pressed', String(on));
  followButton.classList.toggle('on', on);
  save();
  if (on) {
    activeIndex = -1;
    scrollToBottom();
  }
}

function scrollToBottom(): void {
  programmaticScroll = true;
  grid.scrollTop = grid.scrollHeight;
  render();
}

grid.addEventListener('scroll', () => {
  if (programmaticScroll) {
    programmaticScroll = false;
  } else {
    const atBottom = grid.scrollTop + grid.clientHeight >= grid.scrollHeight - ROW;
    // Scrolling up pauses follow; scrolling back to the end resumes it.
    if (following !== atBottom) setFollowing(atBottom, true);
  }
  render();
});

// ---- virtualised rows -----------------------------------------------------------------------
const firstVisible = (): number => Math.floor(grid.scrollTop / ROW);
const visibleCount = (): number => Math.ceil((grid.clientHeight || 400) / ROW) + 1;
const pool: HTMLElement[] = [];

function formatTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

const LEVEL_BADGE: Record<string, string> = { error: 'ERR', warn: 'WRN', info: 'INF', debug: 'DBG' };

function colourOf(service: string): number {
  return services.find((s) => s.name === service)?.colour ?? 0;
}

function rowElement(slot: number): HTMLElement {
  let row = pool[slot];
  if (!row) {
    const time = el('span', { role: 'gridcell', class: 'time' });
    const source = el('span', { role: 'gridcell', class: 'source' });
    const level = el('span', { role: 'gridcell', class: 'level' });
    const message = el('span', { role: 'gridcell', class: 'text' });
    const chart = el('button', { type: 'button', class: 'chart-link', tabindex: '-1', title: 'Show this time in the service\'s stats chart (G)' },
      icon('graph-line'));
    chart.addEventListener('click', (event) => {
      event.stopPropagation();
      const index = Number(row?.dataset.index);
      if (Number.isInteger(index)) bridge.post({ type: 'logs/showInStats', index });
    });
    message.append();
    row = el('div', { role: 'row', class: 'row' }, time, source, level, message, chart);
    row.addEventListener('mousedown', () => {
      const index = Number(row?.dataset.index);
      if (Number.isInteger(index)) setActive(index, false);
    });
    pool[slot] = row;
    rowsHost.append(row);
  }
  return row;
}

function fillRow(row: HTMLElement, index: number, data: ViewLogRow | undefined): void {
  const [time, source, level, message, chart] = row.children as unknown as HTMLElement[];
  row.hidden = false;
  row.id = `row-${index}`;
  row.dataset.index = String(index);
  row.setAttribute('aria-rowindex', String(index + 1));
  row.style.transform = `translateY(${index * ROW}px)`;
  row.classList.toggle('active', index === activeIndex);
  row.setAttribute('aria-selected', String(index === activeIndex));
  if (!data) {
    row.className = `row loading${index === activeIndex ? ' active' : ''}`;
    time.textContent = '';
    source.textContent = '';
    level.textContent = '';
    message.textContent = '…';
    chart.hidden = true;
    return;
  }
  const levelClass = data.level ? ` level-${data.level}${data.levelHint ? ' hint' : ''}` : '';
  row.className = `row ${data.kind}${levelClass}${index === activeIndex ? ' active' : ''}`;
  time.textContent = formatTime(data.time);
  time.title = new Date(data.time).toISOString();
  source.textContent = data.replica > 1 ? `${data.service}#${data.replica}` : data.service;
  source.className = `source colour-${colourOf(data.service)}`;
  source.title = `${data.container} (${data.stream})`;
  level.textContent = data.level ? LEVEL_BADGE[data.level] : '';
  level.title = data.level ? `${data.level}${data.levelHint ? ' (only because it went to stderr)' : ''}` : '';
  message.textContent = data.message;
  chart.hidden = data.kind !== 'line';
}

/** Draw the visible rows from the cache, and ask for the window around them when some are missing. */
function render(): void {
  const first = firstVisible();
  const count = Math.min(visibleCount(), Math.max(0, total - first));
  let slot = 0;
  for (let index = first; index < first + count; index++) fillRow(rowElement(slot++), index, cache.get(index));
  for (; slot < pool.length; slot++) pool[slot].hidden = true;
  empty.hidden = total > 0 || !status;
  if (grid.getAttribute('aria-activedescendant') !== (activeIndex >= 0 && activeIndex >= first && activeIndex < first + count ? `row-${activeIndex}` : '')) {
    if (activeIndex >= first && activeIndex < first + count) grid.setAttribute('aria-activedescendant', `row-${activeIndex}`);
    else grid.removeAttribute('aria-activedescendant');
  }
  for (let index = first; index < first + count; index++) {
    if (!cache.has(index)) {
      requestWindow(first, count);
      break;
    }
  }
}

function requestWindow(first: number, count: number): void {
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(total, first + count + OVERSCAN);
  if (requested && requested.start <= first && requested.start + requested.count >= first + count) return;
  requested = { start, count: end - start };
  bridge.post({ type: 'logs/window', start, count: end - start });
}

function setTotal(next: number): void {
  total = next;
  spacer.style.height = `${total * ROW}px`;
  grid.setAttribute('aria-rowcount', String(total));
}

function setActive(index: number, scroll = true): void {
  activeIndex = Math.max(0, Math.min(total - 1, index));
  if (scroll) {
    const top = activeIndex * ROW;
    if (top < grid.scrollTop) grid.scrollTop = top;
    else if (top + ROW > grid.scrollTop + grid.clientHeight) grid.scrollTop = top + ROW - grid.clientHeight;
  }
  if (following && activeIndex < total - 1) setFollowing(false, true);
  render();
}

// ---- keyboard -------------------------------------------------------------------------------
grid.addEventListener('keydown', (event) => {
  const page = Math.max(1, visibleCount() - 2);
  const from = activeIndex >= 0 ? activeIndex : firstVisible();
  const ctrl = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case 'ArrowDown':
      setActive(activeIndex < 0 ? firstVisible() : from + 1);
      break;
    case 'ArrowUp':
      setActive(activeIndex < 0 ? firstVisible() + visibleCount() - 2 : from - 1);
      break;
    case 'PageDown':
      setActive(from + page);
      break;
    case 'PageUp':
      setActive(from - page);
      break;
    case 'Home':
      setActive(0);
      break;
    case 'End':
      setFollowing(true, true);
      break;
    case 'F8':
      jump(event.shiftKey ? 'previous' : 'next');
      break;
    case ' ':
      togglePause();
      break;
    case 'g':
    case 'G':
      if (activeIndex >= 0 && cache.get(activeIndex)?.kind === 'line') bridge.post({ type: 'logs/showInStats', index: activeIndex });
      break;
    case 'c':
    case 'C':
      if (!ctrl || activeIndex < 0) return;
      bridge.post({ type: 'logs/copy', start: activeIndex, end: activeIndex + 1 });
      break;
    default:
      return;
  }
  event.preventDefault();
});
grid.addEventListener('focus', () => {
  if (activeIndex < 0 && total > 0) {
    activeIndex = following ? total - 1 : firstVisible();
    render();
  }
});

document.addEventListener('keydown', (event) => {
  if (event.altKey && (event.key === 'r' || event.key === 'R')) {
    setFilter({ ...filter, regex: !filter.regex });
    event.preventDefault();
  } else if ((event.ctrlKey || event.metaKey) && event.key === 'f') {
    textInput.focus();
    textInput.select();
    event.preventDefault();
  } else if (event.key === 'F8' && event.target !== grid) {
    jump(event.shiftKey ? 'previous' : 'next');
    event.preventDefault();
  }
});

// ---- messages -------------------------------------------------------------------------------
function applyStatus(next: LogViewStatus): void {
  const rebuilt = next.generation !== generation;
  status = next;
  if (rebuilt) {
    generation = next.generation;
    cache = new Map();
    requested = undefined;
    activeIndex = following ? -1 : Math.min(activeIndex, next.total - 1);
  } else if (next.shift > 0) {
    // The ring dropped its oldest lines: the rows move up by `shift`; keep the same lines in view.
    const moved = new Map<number, ViewLogRow>();
    for (const [index, row] of cache) {
      if (index >= next.shift) moved.set(index - next.shift, { ...row, index: index - next.shift });
    }
    cache = moved;
    requested = undefined;
    if (activeIndex >= 0) activeIndex = Math.max(0, activeIndex - next.shift);
    if (!following) {
      programmaticScroll = true;
      grid.scrollTop = Math.max(0, grid.scrollTop - next.shift * ROW);
    }
  }
  if (total !== next.total) requested = undefined;
  setTotal(next.total);
  pauseButton.setAttribute('aria-pressed', String(next.paused));
  pauseButton.replaceChildren(icon(next.paused ? 'debug-continue' : 'debug-pause'));
  pauseButton.title = next.paused ? 'Resume (Space)' : 'Pause (Space)';
  pauseButton.setAttribute('aria-label', next.paused ? 'Resume' : 'Pause');
  const parts = [`${next.total.toLocaleString('en-US')} line${next.total === 1 ? '' : 's'}`];
  if (next.total !== next.held) parts.push(`of ${next.held.toLocaleString('en-US')}`);
  parts.push(`${next.errors.toLocaleString('en-US')} error${next.errors === 1 ? '' : 's'}`);
  if (next.paused) parts.push(`paused${next.pending ? `: ${next.pending.toLocaleString('en-US')} new when resumed` : ''}`);
  else parts.push(following ? 'following' : 'not following (End resumes)');
  statusText.textContent = parts.join(' · ');
  statusNotice.textContent = [next.connection, next.filterNotice ?? ''].filter(Boolean).join(' ');
  statusNotice.classList.toggle('warning', !!next.connection || !!next.filterNotice);
  const error = next.filterError;
  filterError.hidden = !error;
  filterError.textContent = error ? `${error.part === 'query' ? 'LogQL query' : error.part === 'regex' || filter.regex ? 'Regular expression' : 'Filter'}: ${error.message}` : '';
  textInput.setAttribute('aria-invalid', String(!!error && error.part !== 'query'));
  queryInput.setAttribute('aria-invalid', String(!!error && error.part === 'query'));
  empty.textContent = next.held === 0 ? (next.connection || 'No log lines yet.') : 'No line matches the filter.';
  if (rebuilt && !error) announce(`${next.total.toLocaleString('en-US')} lines match`);
  if (following) scrollToBottom();
  else render();
  markRendered();
}

function applyRows(message: Extract<LogsToWebview, { type: 'logs/rows' }>): void {
  if (message.generation !== generation) return;
  requested = undefined;
  for (const row of message.rows) cache.set(row.index, row);
  // Keep the cache near what is shown: a long scroll must not keep 100k rows here.
  if (cache.size > 4 * (visibleCount() + 2 * OVERSCAN)) {
    const first = firstVisible();
    const last = first + visibleCount() + 2 * OVERSCAN;
    for (const index of cache.keys()) if (index < first - 2 * OVERSCAN || index > last) cache.delete(index);
  }
  render();
}

function snapshot(id: number): void {
  const rows = pool.filter((row) => !row.hidden && row.isConnected)
    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
    .map((row) => [...row.children].slice(0, 4).map((cell) => cell.textContent ?? '').join(' '));
  const view: RenderedLogView = {
    total, following, paused: status?.paused ?? false, rowElements: rowsHost.children.length, rows, activeIndex,
    filterError: filterError.hidden ? '' : filterError.textContent ?? '', filter,
  };
  bridge.post({ type: 'logs/snapshot', id, view });
}

function markRendered(): void {
  root.setAttribute('aria-busy', 'false');
  rendered = true;
}

bridge.onMessage((raw) => {
  const message = parseLogsToWebview(raw);
  if (!message) return;
  switch (message.type) {
    case 'logs/config':
      project = message.project;
      services = message.services;
      grid.setAttribute('aria-label', `Log lines of ${project}`);
      fillServices();
      cache = new Map(cache); // colours may have changed
      render();
      break;
    case 'logs/status':
      applyStatus(message);
      break;
    case 'logs/rows':
      applyRows(message);
      break;
    case 'logs/filter':
      showFilter(message.filter);
      break;
    case 'logs/jumped':
      if (message.index === null) announce(message.direction === 'next' ? 'No error below' : 'No error above');
      else {
        setActive(message.index);
        grid.focus();
        const row = cache.get(message.index);
        announce(row ? `Error: ${row.message.slice(0, 200)}` : 'Error line');
      }
      break;
    case 'logs/message':
      announce(message.text);
      statusNotice.textContent = message.text;
      statusNotice.classList.remove('warning');
      break;
    case 'logs/snapshotRequest':
      snapshot(message.id);
      break;
    default:
      break;
  }
});

new ResizeObserver(() => render()).observe(grid);
root.replaceChildren(toolbar, filterError, statusBar, grid, empty, announcer, keyboardHelp);
showFilter(filter);
setFollowing(following);
