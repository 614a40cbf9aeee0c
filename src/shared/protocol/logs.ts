// The log view's messages, validated in both directions. The extension keeps the lines (the log
// engine's ring) and filters them; the page is virtualised and asks for the window of rows it shows,
// so 100k lines never cross postMessage at once. Owned by the log view (src/vscode/logs, webview/logs).
import { type CommonFromWebview, type CommonToWebview, isIndex, isRecord, isShortString, parseCommonFromWebview } from './common';

export type ViewLogLevel = 'error' | 'warn' | 'info' | 'debug';
/** A level filter's choices: the four levels, and `none` for lines that say nothing. */
export type ViewLevelChoice = ViewLogLevel | 'none';
export const VIEW_LEVEL_CHOICES: readonly ViewLevelChoice[] = ['error', 'warn', 'info', 'debug', 'none'];

/** What the filter bar holds; every part applies (AND). */
export interface ViewLogFilter {
  /** Case-insensitive text, or a regular expression when `regex` is set. */
  text: string;
  regex: boolean;
  /** LogQL line filters: `|= "x" != "y" |~ "re"`. */
  query: string;
  /** Empty: every level. */
  levels: ViewLevelChoice[];
  /** Empty: every service. */
  services: string[];
}

export const EMPTY_FILTER: ViewLogFilter = { text: '', regex: false, query: '', levels: [], services: [] };

/** One row of the view: a log line, or a marker (a replica joined, restarted, stopped). */
export interface ViewLogRow {
  /** The row's position in the filtered view. */
  index: number;
  kind: 'line' | 'marker';
  /** Unix ms. */
  time: number;
  service: string;
  replica: number;
  container: string;
  stream: 'stdout' | 'stderr';
  level: ViewLogLevel | null;
  /** True when the level is only a hint (a stderr line that says nothing itself). */
  levelHint: boolean;
  /** Text, never HTML; cut to MAX_ROW_TEXT for display (copy and export take the whole line). */
  message: string;
}

export interface ViewLogService {
  name: string;
  /** Which of the theme's terminal colours it is drawn in (0..7). */
  colour: number;
}

export interface LogViewStatus {
  /** Rows in the filtered view. */
  total: number;
  /** Lines the extension holds (the ring). */
  held: number;
  /** Error lines in the filtered view. */
  errors: number;
  /** Rows dropped from the front of the view since the previous status (the ring's oldest lines went). */
  shift: number;
  /** Bumped when the view was rebuilt (a new filter): indices from before mean nothing now. */
  generation: number;
  paused: boolean;
  /** Lines that arrived while paused, shown on resume. */
  pending: number;
  /** How long the last full filter pass took on the extension's side (ms). */
  filterMs: number;
  /** A problem with the filter ("regex: Unterminated group"), or a pattern that ran out of time. */
  filterError?: { part: 'text' | 'regex' | 'query'; message: string };
  filterNotice?: string;
  /** The engine connection in words; empty when connected. */
  connection: string;
}

/** extension -> webview */
export type LogsToWebview =
  | CommonToWebview
  | { type: 'logs/config'; project: string; services: ViewLogService[]; trusted: boolean }
  | ({ type: 'logs/status' } & LogViewStatus)
  | { type: 'logs/rows'; generation: number; start: number; total: number; rows: ViewLogRow[] }
  /** Put this filter in the bar and apply it (the error count of a stats row). */
  | { type: 'logs/filter'; filter: ViewLogFilter }
  | { type: 'logs/jumped'; index: number | null; direction: 'next' | 'previous' }
  | { type: 'logs/message'; text: string }
  | { type: 'logs/snapshotRequest'; id: number };

export interface RenderedLogView {
  total: number;
  following: boolean;
  paused: boolean;
  /** How many row elements exist (virtualisation keeps this near the visible count). */
  rowElements: number;
  /** The visible rows' text, top to bottom. */
  rows: string[];
  activeIndex: number;
  filterError: string;
  filter: ViewLogFilter;
}

/** webview -> extension */
export type LogsFromWebview =
  | CommonFromWebview
  | { type: 'logs/setFilter'; filter: ViewLogFilter }
  | { type: 'logs/window'; start: number; count: number }
  | { type: 'logs/pause'; paused: boolean }
  | { type: 'logs/jump'; from: number; direction: 'next' | 'previous' }
  /** Copy rows [start, end) of the view, or every row when absent. */
  | { type: 'logs/copy'; start?: number; end?: number }
  | { type: 'logs/export' }
  | { type: 'logs/showInStats'; index: number }
  | { type: 'logs/snapshot'; id: number; view: RenderedLogView };

export const MAX_ROW_TEXT = 4000;
export const MAX_WINDOW = 2000;
const MAX_NAME = 256;
const MAX_PATTERN = 4096;
const MAX_SERVICES = 500;

const isName = (value: unknown): value is string => isShortString(value, MAX_NAME);
const isPattern = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_PATTERN;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isDirection = (value: unknown): value is 'next' | 'previous' => value === 'next' || value === 'previous';
const isLevel = (value: unknown): value is ViewLogLevel => value === 'error' || value === 'warn' || value === 'info' || value === 'debug';

export function parseLogFilter(value: unknown): ViewLogFilter | undefined {
  if (!isRecord(value) || !isPattern(value.text) || typeof value.regex !== 'boolean' || !isPattern(value.query)) return undefined;
  const { levels, services } = value;
  if (!Array.isArray(levels) || levels.length > VIEW_LEVEL_CHOICES.length) return undefined;
  if (!levels.every((level) => VIEW_LEVEL_CHOICES.includes(level as ViewLevelChoice))) return undefined;
  if (!Array.isArray(services) || services.length > MAX_SERVICES || !services.every(isName)) return undefined;
  return {
    text: value.text, regex: value.regex, query: value.query,
    levels: [...new Set(levels as ViewLevelChoice[])], services: [...new Set(services as string[])],
  };
}

function parseRendered(value: unknown): RenderedLogView | undefined {
  if (!isRecord(value)) return undefined;
  const { total, following, paused, rowElements, rows, activeIndex, filterError } = value;
  if (!isIndex(total) || typeof following !== 'boolean' || typeof paused !== 'boolean' || !isIndex(rowElements)) return undefined;
  if (!Array.isArray(rows) || rows.length > MAX_WINDOW || !rows.every((row) => typeof row === 'string' && row.length <= MAX_ROW_TEXT * 2)) {
    return undefined;
  }
  if (!Number.isInteger(activeIndex) || (activeIndex as number) < -1 || typeof filterError !== 'string' || filterError.length > 4096) {
    return undefined;
  }
  const filter = parseLogFilter(value.filter);
  if (!filter) return undefined;
  return {
    total, following, paused, rowElements, rows: rows as string[], activeIndex: activeIndex as number,
    filterError, filter,
  };
}

/** Validate a message from the log page; anything not exactly of a known shape is dropped. */
export function parseLogsFromWebview(message: unknown): LogsFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'logs/setFilter': {
      const filter = parseLogFilter(message.filter);
      return filter ? { type: 'logs/setFilter', filter } : undefined;
    }
    case 'logs/window':
      return isIndex(message.start) && isIndex(message.count) && message.count <= MAX_WINDOW
        ? { type: 'logs/window', start: message.start, count: message.count }
        : undefined;
    case 'logs/pause':
      return typeof message.paused === 'boolean' ? { type: 'logs/pause', paused: message.paused } : undefined;
    case 'logs/jump':
      return isIndex(message.from) || message.from === -1 ? (isDirection(message.direction)
        ? { type: 'logs/jump', from: message.from as number, direction: message.direction } : undefined) : undefined;
    case 'logs/copy': {
      const { start, end } = message;
      if (start === undefined && end === undefined) return { type: 'logs/copy' };
      return isIndex(start) && isIndex(end) && end > start ? { type: 'logs/copy', start, end } : undefined;
    }
    case 'logs/export':
      return { type: 'logs/export' };
    case 'logs/showInStats':
      return isIndex(message.index) ? { type: 'logs/showInStats', index: message.index } : undefined;
    case 'logs/snapshot': {
      const view = parseRendered(message.view);
      return isIndex(message.id) && view ? { type: 'logs/snapshot', id: message.id, view } : undefined;
    }
    default:
      return parseCommonFromWebview(message);
  }
}

function parseRow(value: unknown): ViewLogRow | undefined {
  if (!isRecord(value) || !isIndex(value.index) || (value.kind !== 'line' && value.kind !== 'marker')) return undefined;
  const { time, service, replica, container, stream, level, levelHint, message } = value;
  if (!isFiniteNumber(time) || !isName(service) || !isIndex(replica) || typeof container !== 'string' || container.length > MAX_NAME) {
    return undefined;
  }
  if ((stream !== 'stdout' && stream !== 'stderr') || (level !== null && !isLevel(level)) || typeof levelHint !== 'boolean') return undefined;
  if (typeof message !== 'string' || message.length > MAX_ROW_TEXT + 64) return undefined;
  return { index: value.index, kind: value.kind, time, service, replica, container, stream, level, levelHint, message };
}

function parseStatus(message: Record<string, unknown>): LogViewStatus | undefined {
  const { total, held, errors, shift, generation, paused, pending, filterMs, connection } = message;
  if (![total, held, errors, shift, generation, pending].every(isIndex) || typeof paused !== 'boolean') return undefined;
  if (!isFiniteNumber(filterMs) || typeof connection !== 'string' || connection.length > 4096) return undefined;
  let filterError: LogViewStatus['filterError'];
  if (message.filterError !== undefined) {
    const error = message.filterError;
    if (!isRecord(error) || !['text', 'regex', 'query'].includes(error.part as string) || !isPattern(error.message)) return undefined;
    filterError = { part: error.part as 'text' | 'regex' | 'query', message: error.message };
  }
  if (message.filterNotice !== undefined && !isPattern(message.filterNotice)) return undefined;
  return {
    total: total as number, held: held as number, errors: errors as number, shift: shift as number,
    generation: generation as number, paused, pending: pending as number, filterMs, connection,
    ...(filterError ? { filterError } : {}),
    ...(typeof message.filterNotice === 'string' ? { filterNotice: message.filterNotice } : {}),
  };
}

/** Validate a message from the extension on the page's side; unknown or malformed ones are dropped. */
export function parseLogsToWebview(message: unknown): LogsToWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'ping':
      return isIndex(message.id) ? { type: 'ping', id: message.id } : undefined;
    case 'logs/config': {
      const { project, services, trusted } = message;
      if (!isName(project) || typeof trusted !== 'boolean' || !Array.isArray(services) || services.length > MAX_SERVICES) return undefined;
      const parsed: ViewLogService[] = [];
      for (const item of services) {
        const colour = isRecord(item) ? item.colour : undefined;
        if (!isRecord(item) || !isName(item.name) || !Number.isInteger(colour)) return undefined;
        if ((colour as number) < 0 || (colour as number) > 7) {
          return undefined;
        }
        parsed.push({ name: item.name, colour: item.colour as number });
      }
      return { type: 'logs/config', project, services: parsed, trusted };
    }
    case 'logs/status': {
      const status = parseStatus(message);
      return status ? { type: 'logs/status', ...status } : undefined;
    }
    case 'logs/rows': {
      const { generation, start, total, rows } = message;
      if (!isIndex(generation) || !isIndex(start) || !isIndex(total)) return undefined;
      if (!Array.isArray(rows) || rows.length > MAX_WINDOW) return undefined;
      const parsed: ViewLogRow[] = [];
      for (const item of rows) {
        const row = parseRow(item);
        if (!row) return undefined;
        parsed.push(row);
      }
      return { type: 'logs/rows', generation, start, total, rows: parsed };
    }
    case 'logs/filter': {
      const filter = parseLogFilter(message.filter);
      return filter ? { type: 'logs/filter', filter } : undefined;
    }
    case 'logs/jumped':
      return (message.index === null || isIndex(message.index)) && isDirection(message.direction)
        ? { type: 'logs/jumped', index: message.index as number | null, direction: message.direction }
        : undefined;
    case 'logs/message':
      return isPattern(message.text) ? { type: 'logs/message', text: message.text } : undefined;
    case 'logs/snapshotRequest':
      return isIndex(message.id) ? { type: 'logs/snapshotRequest', id: message.id } : undefined;
    default:
      return undefined;
  }
}
