// The Container stats view's messages, validated in both directions: the extension drops anything
// the webview sends that is not exactly a known shape, and the webview does the same with what it
// receives. Owned by the stats feature.
import { type CommonFromWebview, type CommonToWebview, isIndex, isRecord, isShortString, parseCommonFromWebview } from './common';

/**
 * `errors` opens the log view filtered to the service's errors; `shell` and `browser` a shell or a
 * published port; `load` the load test panel.
 */
export type ServiceAction = 'start' | 'stop' | 'restart' | 'logs' | 'inspect' | 'errors' | 'shell' | 'browser' | 'load';
export const SERVICE_ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart', 'logs', 'inspect', 'errors', 'shell', 'browser', 'load'];
/** Actions that run something on the engine (or send traffic): refused in an untrusted workspace. */
export const RUNNING_ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart', 'shell', 'browser', 'load'];

/** The one rule both sides apply: in Restricted mode only looking (logs, inspect) is allowed. */
export const isActionAllowed = (action: ServiceAction, trusted: boolean): boolean =>
  trusted || !RUNNING_ACTIONS.includes(action);

export type ViewServiceStatus = 'running' | 'partial' | 'stopped' | 'not-created' | 'restarting' | 'unhealthy';
export type ViewLevel = 'ok' | 'warning' | 'critical';
const STATUSES: readonly ViewServiceStatus[] = ['running', 'partial', 'stopped', 'not-created', 'restarting', 'unhealthy'];
const LEVELS: readonly ViewLevel[] = ['ok', 'warning', 'critical'];

/** The numbers of one container (or a service's total) as `docker stats` shows them; rates per second. */
export interface ViewNumbers {
  cpuPercent: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  netRxRate?: number;
  netTxRate?: number;
  blockReadRate?: number;
  blockWriteRate?: number;
  pids: number;
}

export interface ViewContainer {
  containerId: string;
  name: string;
  /** The engine's state word: running, exited, paused... */
  state: string;
  numbers?: ViewNumbers;
  /** Prometheus source: the host that reports this replica (`host` or `instance` label; Kubernetes: the node). */
  host?: string;
  /** Prometheus source: false when this replica's engine is not the one Stevedore reaches (no actions). */
  engineReachable?: boolean;
}

export interface ViewService {
  project: string;
  service: string;
  status: ViewServiceStatus;
  containers: ViewContainer[];
  total?: ViewNumbers;
  cpuLevel: ViewLevel;
  memoryLevel: ViewLevel;
  errorCount: number;
  /** The compose file's limits and reservations, already worded ("limit 512 MiB"). */
  declared: string[];
  /** Right-sizing hint, e.g. "limit 512 MiB, peak 61 MiB over 10 min". */
  hint?: string;
  /** Kubernetes: the workload's kind (Deployment, StatefulSet…). */
  kind?: string;
  /** Prometheus source: why engine actions are missing for some or all replicas, in words. */
  engineNote?: string;
}

export interface ViewProject {
  project: string;
  /** The workspace folder it was found in, for multi-root workspaces. */
  folder: string;
  services: ViewService[];
}

/** One point of a service's history: time (unix s), CPU %, memory bytes. */
export type HistoryPoint = [number, number, number];

export interface ViewThresholds {
  cpu: { warning: number; critical: number };
  memory: { warning: number; critical: number };
}

/**
 * `source-down`: the Prometheus source failed (down, 401, timeout, no cAdvisor metrics); the view
 * retries by itself and offers Retry and the fix (`fix`).
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'engine-down' | 'no-compose' | 'source-down';
/** What the banner offers beside Retry for a source problem. */
export type ConnectionFix = 'setSecret' | 'openSettings';
const FIXES: readonly ConnectionFix[] = ['setSecret', 'openSettings'];

/** The history ranges of the range picker (Prometheus source). */
export type ViewRange = '15m' | '1h' | '6h' | '24h';
export const VIEW_RANGES: readonly ViewRange[] = ['15m', '1h', '6h', '24h'];
export const RANGE_SECONDS: Record<ViewRange, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400 };
export const RANGE_WORDS: Record<ViewRange, string> = { '15m': '15 min', '1h': '1 h', '6h': '6 h', '24h': '24 h' };

/** Where the numbers come from; Prometheus adds the range picker and, for Kubernetes, the namespace picker. */
export type ViewSource =
  | { source: 'engine' }
  | { source: 'prometheus'; url: string; range: ViewRange; kubernetes: boolean; namespace?: string; namespaces?: string[] };

/** One host in the view's header (Prometheus source). */
export interface ViewHost {
  host: string;
  cpuCount?: number;
  memoryBytes?: number;
  /** Node Exporter only: busy share of all CPUs, 0..100. */
  cpuUsePercent?: number;
  /** Node Exporter only. */
  memoryAvailableBytes?: number;
  replicas: number;
  /** True when this host's containers are on the engine Stevedore reaches (actions work there). */
  engineReachable: boolean;
}

/** extension -> webview */
export type StatsToWebview =
  | CommonToWebview
  | { type: 'stats/config'; trusted: boolean; thresholds: ViewThresholds; historySeconds: number }
  | { type: 'stats/connection'; status: ConnectionStatus; message: string; fix?: ConnectionFix }
  | { type: 'stats/source'; view: ViewSource }
  | { type: 'stats/hosts'; hosts: ViewHost[] }
  /** The latest rows; `at` (unix seconds) stamps the point each running service adds to its chart. */
  | { type: 'stats/projects'; at: number; projects: ViewProject[] }
  /**
   * Sent once when the view opens (and after a reconnect): the kept points per service key. With
   * `range` (Prometheus source), query_range's points for that range, `stepSeconds` apart.
   */
  | { type: 'stats/history'; series: Record<string, HistoryPoint[]>; range?: ViewRange; stepSeconds?: number }
  /** Scroll to a service, focus its row and open its chart (from a notification's "Show"). */
  | { type: 'stats/reveal'; project: string; service: string; time?: number }
  /** Asks the page to report what it renders (the extension test reads the answer). */
  | { type: 'stats/snapshotRequest'; id: number };

export interface RenderedService {
  project: string;
  service: string;
  status: string;
  /** True when the row shows CPU and memory numbers (not dashes). */
  numbersShown: boolean;
  /** The error-line count the row shows (0 when none is shown). */
  errors: number;
  /** The row's visible text, as a screen reader would read it. */
  text: string;
  /** The hosts its replica rows name (Prometheus source). */
  hosts?: string[];
  /** What its chart holds: point count and the first and last times (unix s); absent without points. */
  chart?: { points: number; first: number; last: number };
  /** The detail's words: declared resources, the right-sizing hint, what the engine can act on. */
  detail?: string;
}

/** webview -> extension */
export type StatsFromWebview =
  | CommonFromWebview
  | { type: 'stats/action'; action: ServiceAction; project: string; service: string; containerId?: string }
  | { type: 'stats/pickComposeFile' }
  | { type: 'stats/retry' }
  | { type: 'stats/fix'; fix: ConnectionFix }
  | { type: 'stats/setRange'; range: ViewRange }
  | { type: 'stats/setNamespace'; namespace: string }
  | {
    type: 'stats/snapshot'; id: number; banner: string; services: RenderedService[];
    /** Prometheus source: the range picker's value and the hosts header's text. */
    range?: ViewRange; header?: string;
  };

/** Key of a service across messages and history. */
export const serviceKey = (project: string, service: string): string => `${project}/${service}`;

// Limits: a real view has a few dozen services; anything far beyond is a broken or hostile page.
export const MAX_NAME = 256;
export const MAX_TEXT = 4096;
export const MAX_SERVICES = 500;
export const MAX_CONTAINERS = 200;
export const MAX_HISTORY_POINTS = 3600;

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNonNegative = (value: unknown): value is number => isFiniteNumber(value) && value >= 0;
const isName = (value: unknown): value is string => isShortString(value, MAX_NAME);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isContainerId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{12,64}$/.test(value);
const isOptionalRate = (value: unknown): boolean => value === undefined || isNonNegative(value);
const isNameList = (value: unknown, max: number): value is string[] =>
  Array.isArray(value) && value.length <= max && value.every(isName);
const isChartSummary = (value: unknown): value is { points: number; first: number; last: number } =>
  isRecord(value) && isIndex(value.points) && isNonNegative(value.first) && isNonNegative(value.last);
const isRange = (value: unknown): value is ViewRange => VIEW_RANGES.includes(value as ViewRange);
/** A Kubernetes namespace name (RFC 1123 label). */
export const isNamespace = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
const isThresholdPair = (value: unknown): value is { warning: number; critical: number } =>
  isRecord(value) && isNonNegative(value.warning) && isNonNegative(value.critical);

/** Validate a message from the stats webview; anything not exactly of a known shape is dropped. */
export function parseStatsFromWebview(message: unknown): StatsFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'stats/action': {
      const { action, project, service, containerId } = message;
      if (!SERVICE_ACTIONS.includes(action as ServiceAction) || !isName(project) || !isName(service)) return undefined;
      if (containerId !== undefined && !isContainerId(containerId)) return undefined;
      return { type: 'stats/action', action: action as ServiceAction, project, service, ...(containerId ? { containerId } : {}) };
    }
    case 'stats/pickComposeFile':
      return { type: 'stats/pickComposeFile' };
    case 'stats/retry':
      return { type: 'stats/retry' };
    case 'stats/fix':
      return FIXES.includes(message.fix as ConnectionFix) ? { type: 'stats/fix', fix: message.fix as ConnectionFix } : undefined;
    case 'stats/setRange':
      return isRange(message.range) ? { type: 'stats/setRange', range: message.range } : undefined;
    case 'stats/setNamespace':
      return isNamespace(message.namespace) ? { type: 'stats/setNamespace', namespace: message.namespace } : undefined;
    case 'stats/snapshot': {
      const { id, banner, services, range, header } = message;
      if (!isIndex(id) || !isText(banner) || !Array.isArray(services) || services.length > MAX_SERVICES) {
        return undefined;
      }
      if ((range !== undefined && !isRange(range)) || (header !== undefined && !isText(header))) return undefined;
      const rendered: RenderedService[] = [];
      for (const item of services) {
        if (!isRecord(item) || !isName(item.project) || !isName(item.service) || !isName(item.status)) return undefined;
        if (typeof item.numbersShown !== 'boolean' || !isIndex(item.errors) || !isText(item.text)) return undefined;
        const hosts = item.hosts;
        if (hosts !== undefined && !isNameList(hosts, MAX_CONTAINERS)) return undefined;
        const chart = item.chart;
        if (chart !== undefined && !isChartSummary(chart)) return undefined;
        if (item.detail !== undefined && !isText(item.detail)) return undefined;
        rendered.push({
          project: item.project, service: item.service, status: item.status,
          numbersShown: item.numbersShown, errors: item.errors, text: item.text,
          ...(hosts ? { hosts: hosts as string[] } : {}),
          ...(chart ? { chart: { points: chart.points, first: chart.first, last: chart.last } } : {}),
          ...(item.detail !== undefined ? { detail: item.detail } : {}),
        });
      }
      return {
        type: 'stats/snapshot', id, banner, services: rendered,
        ...(range !== undefined ? { range } : {}), ...(header !== undefined ? { header } : {}),
      };
    }
    default:
      return parseCommonFromWebview(message);
  }
}

function parseNumbers(value: unknown): ViewNumbers | undefined {
  if (!isRecord(value)) return undefined;
  const { cpuPercent, memoryUsageBytes, memoryLimitBytes, memoryPercent, netRxRate, netTxRate } = value;
  const { blockReadRate, blockWriteRate, pids } = value;
  if (!isNonNegative(cpuPercent) || !isNonNegative(memoryUsageBytes) || !isNonNegative(memoryLimitBytes)) {
    return undefined;
  }
  if (!isNonNegative(memoryPercent) || !isNonNegative(pids)) return undefined;
  if (![netRxRate, netTxRate, blockReadRate, blockWriteRate].every(isOptionalRate)) return undefined;
  return {
    cpuPercent, memoryUsageBytes, memoryLimitBytes, memoryPercent, pids,
    ...(netRxRate !== undefined ? { netRxRate: netRxRate as number } : {}),
    ...(netTxRate !== undefined ? { netTxRate: netTxRate as number } : {}),
    ...(blockReadRate !== undefined ? { blockReadRate: blockReadRate as number } : {}),
    ...(blockWriteRate !== undefined ? { blockWriteRate: blockWriteRate as number } : {}),
  };
}

function parseContainer(value: unknown): ViewContainer | undefined {
  if (!isRecord(value) || !isContainerId(value.containerId) || !isName(value.name) || !isName(value.state)) {
    return undefined;
  }
  const numbers = value.numbers === undefined ? undefined : parseNumbers(value.numbers);
  if (value.numbers !== undefined && !numbers) return undefined;
  if (value.host !== undefined && !isName(value.host)) return undefined;
  if (value.engineReachable !== undefined && typeof value.engineReachable !== 'boolean') return undefined;
  return {
    containerId: value.containerId, name: value.name, state: value.state, ...(numbers ? { numbers } : {}),
    ...(value.host !== undefined ? { host: value.host } : {}),
    ...(value.engineReachable !== undefined ? { engineReachable: value.engineReachable } : {}),
  };
}

function parseService(value: unknown): ViewService | undefined {
  if (!isRecord(value) || !isName(value.project) || !isName(value.service)) return undefined;
  if (!STATUSES.includes(value.status as ViewServiceStatus)) return undefined;
  if (!LEVELS.includes(value.cpuLevel as ViewLevel) || !LEVELS.includes(value.memoryLevel as ViewLevel)) {
    return undefined;
  }
  if (!isIndex(value.errorCount) || !Array.isArray(value.containers) || value.containers.length > MAX_CONTAINERS) {
    return undefined;
  }
  if (!Array.isArray(value.declared) || value.declared.length > 8 || !value.declared.every(isName)) return undefined;
  if (value.hint !== undefined && !isText(value.hint)) return undefined;
  if (value.kind !== undefined && !isName(value.kind)) return undefined;
  if (value.engineNote !== undefined && !isText(value.engineNote)) return undefined;
  const containers: ViewContainer[] = [];
  for (const item of value.containers) {
    const container = parseContainer(item);
    if (!container) return undefined;
    containers.push(container);
  }
  const total = value.total === undefined ? undefined : parseNumbers(value.total);
  if (value.total !== undefined && !total) return undefined;
  return {
    project: value.project,
    service: value.service,
    status: value.status as ViewServiceStatus,
    containers,
    cpuLevel: value.cpuLevel as ViewLevel,
    memoryLevel: value.memoryLevel as ViewLevel,
    errorCount: value.errorCount,
    declared: value.declared as string[],
    ...(total ? { total } : {}),
    ...(typeof value.hint === 'string' ? { hint: value.hint } : {}),
    ...(typeof value.kind === 'string' ? { kind: value.kind } : {}),
    ...(typeof value.engineNote === 'string' ? { engineNote: value.engineNote } : {}),
  };
}

const isOptionalNonNegative = (value: unknown): boolean => value === undefined || isNonNegative(value);

function parseHosts(value: unknown): ViewHost[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_CONTAINERS) return undefined;
  const hosts: ViewHost[] = [];
  for (const item of value) {
    if (!isRecord(item) || !isName(item.host) || !isIndex(item.replicas) || typeof item.engineReachable !== 'boolean') return undefined;
    const { cpuCount, memoryBytes, cpuUsePercent, memoryAvailableBytes } = item;
    if (![cpuCount, memoryBytes, cpuUsePercent, memoryAvailableBytes].every(isOptionalNonNegative)) return undefined;
    hosts.push({
      host: item.host, replicas: item.replicas, engineReachable: item.engineReachable,
      ...(cpuCount !== undefined ? { cpuCount: cpuCount as number } : {}),
      ...(memoryBytes !== undefined ? { memoryBytes: memoryBytes as number } : {}),
      ...(cpuUsePercent !== undefined ? { cpuUsePercent: cpuUsePercent as number } : {}),
      ...(memoryAvailableBytes !== undefined ? { memoryAvailableBytes: memoryAvailableBytes as number } : {}),
    });
  }
  return hosts;
}

function parseSource(value: unknown): ViewSource | undefined {
  if (!isRecord(value)) return undefined;
  if (value.source === 'engine') return { source: 'engine' };
  if (value.source !== 'prometheus' || !isText(value.url) || !isRange(value.range) || typeof value.kubernetes !== 'boolean') return undefined;
  const { namespace, namespaces } = value;
  if (namespace !== undefined && !isNamespace(namespace)) return undefined;
  const namespaceList = Array.isArray(namespaces) && namespaces.length <= MAX_SERVICES && namespaces.every(isNamespace);
  if (namespaces !== undefined && !namespaceList) return undefined;
  return {
    source: 'prometheus', url: value.url, range: value.range, kubernetes: value.kubernetes,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(namespaces !== undefined ? { namespaces: namespaces as string[] } : {}),
  };
}

function parseProjects(value: unknown): ViewProject[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_SERVICES) return undefined;
  const projects: ViewProject[] = [];
  let count = 0;
  for (const item of value) {
    if (!isRecord(item) || !isName(item.project) || !isText(item.folder) || !Array.isArray(item.services)) {
      return undefined;
    }
    count += item.services.length;
    if (count > MAX_SERVICES) return undefined;
    const services: ViewService[] = [];
    for (const raw of item.services) {
      const service = parseService(raw);
      if (!service) return undefined;
      services.push(service);
    }
    projects.push({ project: item.project, folder: item.folder, services });
  }
  return projects;
}

function parseHistory(value: unknown): Record<string, HistoryPoint[]> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length > MAX_SERVICES) return undefined;
  const series: Record<string, HistoryPoint[]> = {};
  for (const [key, points] of entries) {
    if (!isShortString(key, MAX_NAME * 2 + 1) || !Array.isArray(points) || points.length > MAX_HISTORY_POINTS) {
      return undefined;
    }
    for (const point of points) {
      if (!Array.isArray(point) || point.length !== 3 || !point.every(isNonNegative)) return undefined;
    }
    series[key] = points as HistoryPoint[];
  }
  return series;
}

const CONNECTION_STATUSES: readonly ConnectionStatus[] = ['connecting', 'connected', 'engine-down', 'no-compose', 'source-down'];

/** Validate a message from the extension on the webview side; unknown or malformed ones are dropped. */
export function parseStatsToWebview(message: unknown): StatsToWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'ping':
      return isIndex(message.id) ? { type: 'ping', id: message.id } : undefined;
    case 'stats/config': {
      const { trusted, thresholds, historySeconds } = message;
      if (typeof trusted !== 'boolean' || !isRecord(thresholds) || !isNonNegative(historySeconds)) return undefined;
      if (!isThresholdPair(thresholds.cpu) || !isThresholdPair(thresholds.memory)) return undefined;
      return {
        type: 'stats/config',
        trusted,
        historySeconds,
        thresholds: {
          cpu: { warning: thresholds.cpu.warning, critical: thresholds.cpu.critical },
          memory: { warning: thresholds.memory.warning, critical: thresholds.memory.critical },
        },
      };
    }
    case 'stats/connection': {
      const known = CONNECTION_STATUSES.includes(message.status as ConnectionStatus);
      if (!known || !isText(message.message)) return undefined;
      if (message.fix !== undefined && !FIXES.includes(message.fix as ConnectionFix)) return undefined;
      return {
        type: 'stats/connection', status: message.status as ConnectionStatus, message: message.message,
        ...(message.fix !== undefined ? { fix: message.fix as ConnectionFix } : {}),
      };
    }
    case 'stats/source': {
      const view = parseSource(message.view);
      return view ? { type: 'stats/source', view } : undefined;
    }
    case 'stats/hosts': {
      const hosts = parseHosts(message.hosts);
      return hosts ? { type: 'stats/hosts', hosts } : undefined;
    }
    case 'stats/projects': {
      const projects = parseProjects(message.projects);
      return projects && isNonNegative(message.at) ? { type: 'stats/projects', at: message.at, projects } : undefined;
    }
    case 'stats/history': {
      const series = parseHistory(message.series);
      const { range, stepSeconds } = message;
      if (!series || (range !== undefined && !isRange(range))) return undefined;
      if (stepSeconds !== undefined && !isNonNegative(stepSeconds)) return undefined;
      return {
        type: 'stats/history', series,
        ...(range !== undefined ? { range } : {}), ...(stepSeconds !== undefined ? { stepSeconds } : {}),
      };
    }
    case 'stats/reveal': {
      if (!isName(message.project) || !isName(message.service)) return undefined;
      if (message.time !== undefined && !isNonNegative(message.time)) return undefined;
      const time = message.time as number | undefined;
      return { type: 'stats/reveal', project: message.project, service: message.service, ...(time !== undefined ? { time } : {}) };
    }
    case 'stats/snapshotRequest':
      return isIndex(message.id) ? { type: 'stats/snapshotRequest', id: message.id } : undefined;
    default:
      return undefined;
  }
}
