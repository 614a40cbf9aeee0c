// The log engine's public types: what the log view (src/vscode/logs, webview/logs) and `stevedore logs`
// use. No `vscode` import. Times are Unix milliseconds unless a name says otherwise.
import type { ComposeProject, ConnectionState } from '../stats';

export type { ComposeProject, ConnectionState } from '../stats';

/** A detected level; null when nothing in the line (nor its stream) says. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export type LogStream = 'stdout' | 'stderr';

/** One line of one replica, as the merged view shows it. Every string is text (never HTML). */
export interface LogLine {
  /** Position in the merged order, increasing by one per line; never reused (the ring drops the oldest). */
  seq: number;
  /** Unix ms from the engine's timestamp; may carry a fraction (µs precision) so lines of one ms sort right. */
  time: number;
  /** The engine's timestamp as it sent it (RFC3339Nano, UTC), for `--format json` and exports. */
  timeText: string;
  service: string;
  /** Container name without the leading slash. */
  container: string;
  containerId: string;
  /** com.docker.compose.container-number (1 for the first replica). */
  replica: number;
  stream: LogStream;
  /** See detectLevel(): the line's own words first, stderr only as a hint (warn) when nothing else says. */
  level: LogLevel | null;
  /** Where the level came from: the line itself, the head line of a multi-line entry, or the stream. */
  levelSource: 'line' | 'head' | 'stream' | null;
  /**
   * The text: invalid UTF-8 as U+FFFD, control characters (except tab) as visible symbols (U+2400..),
   * lines over the ring's line limit cut with TRUNCATED_MARKER at the end.
   */
  message: string;
}

/** Ends a message cut at the line limit (maxLineChars, default 64 KiB): `message.endsWith(TRUNCATED_MARKER)`. */
export const TRUNCATED_MARKER = ' … [truncated]';

/** A replica the logs follow (or followed). */
export interface LogContainer {
  containerId: string;
  container: string;
  service: string;
  replica: number;
  /** The engine's state as last seen: running, exited, restarting, paused, created, dead, removed. */
  state: string;
  /** True while its log stream is open. */
  streaming: boolean;
  /** How many times it (re)started while followed. */
  restarts: number;
}

/** What happened to a replica while followed (for a notice line in the view or CLI). */
export interface ContainerChange {
  kind: 'joined' | 'restarted' | 'stopped' | 'removed';
  container: LogContainer;
  /** Unix ms when the engine said so. */
  at: number;
}

/** One batch of merged lines, in order; `firstSeq` is the oldest seq still in the ring after it. */
export interface LogBatch {
  lines: readonly LogLine[];
  firstSeq: number;
}

export interface ProjectLogsOptions {
  /** The workspace folder holding the compose files (resolved as `stevedore stats` does). */
  folder: string;
  /** Explicit compose files (stevedore.compose.files / --file), relative to `folder` or absolute. */
  files?: string[];
  /** Like `docker compose -p`. */
  projectName?: string;
  /** An already loaded project (the stats monitor's composeProject); otherwise loaded from folder/files. */
  project?: ComposeProject;
  /** stevedore.dockerHost / --host. */
  dockerHost?: string;
  /** How messages name that setting (default `stevedore.dockerHost`; the CLI: `--host`). */
  settingName?: string;
  env?: NodeJS.ProcessEnv;
  /** Only these services (default: all of the project's). */
  services?: string[];
  /**
   * Like `docker logs --since/--until`: a duration before now (`10m`, `1h30m`, `90s`), RFC3339
   * (`2026-12-04T18:00:00Z`, date only, local time without zone), or Unix seconds (`1733335200.5`).
   */
  since?: string;
  until?: string;
  /** Keep streaming new lines (default true). Without it, start() resolves once every stream ended. */
  follow?: boolean;
  /** Lines read per replica from its history before following (default 'all' with since, else 1000). */
  tail?: number | 'all';
  /** The ring's bounds: the oldest lines go first (defaults 100_000 lines, 64 MiB of message text). */
  ringLines?: number;
  ringBytes?: number;
  /** Longest message kept whole; longer ones are cut with TRUNCATED_MARKER (default 64 KiB). */
  maxLineChars?: number;
  /** How long a line is held so lines of other replicas that arrive late still sort before it (default 150 ms). */
  reorderWindowMs?: number;
  /** First and largest delay between reconnection attempts, in ms (default 500 and 10000). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

/** The events of ProjectLogs (an EventEmitter). */
export interface ProjectLogsEvents {
  /** New lines in merged order, emitted at most every ~50 ms. */
  lines: [LogBatch];
  /** A replica joined, restarted, stopped or was removed. */
  container: [ContainerChange];
  /** The engine connection: connecting, connected, disconnected (with message and retry). */
  connection: [ConnectionState];
  /** Something that did not stop the logs (a compose warning, a stream that failed and is retried). */
  warning: [string];
  /** Without follow: every stream ended and every line was emitted. */
  end: [];
}

/** What the filter bar (or the CLI's flags) asks for; every part is optional and they all apply (AND). */
export interface LogFilterSpec {
  /** Case-insensitive substring. */
  text?: string;
  /**
   * A regular expression (JavaScript syntax; a leading `(?i)` as in grep -P/RE2 makes it
   * case-insensitive), matched anywhere in the message, case-sensitive like grep unless regexIgnoreCase.
   */
  regex?: string;
  regexIgnoreCase?: boolean;
  /** LogQL line filters, e.g. `|= "error" != "timeout" |~ "5\\d\\d"` (Loki's syntax and string rules). */
  query?: string;
  /** Only these levels; `null` in the list keeps lines without a level. */
  levels?: Array<LogLevel | null>;
  services?: string[];
  /** Only lines with time >= from / < to (Unix ms). */
  from?: number;
  to?: number;
}

/** A compiled filter: apply with filterLines() (or matchesLine() for one line). */
export interface LogFilter {
  readonly spec: LogFilterSpec;
  /** True when no part would remove a line. */
  readonly empty: boolean;
  /** True when a part is a regular expression (which runs under a time budget). */
  readonly usesRegex: boolean;
}

export type CompiledLogFilter = { ok: true; filter: LogFilter } | { ok: false; error: string; part: 'text' | 'regex' | 'query' };

export interface FilterResult {
  /** Indices into the given lines that match, ascending. */
  indices: number[];
  /** True when the budget ran out: lines from `scanned` on were not checked. */
  timedOut: boolean;
  /** How many lines (from the start) were checked. */
  scanned: number;
  /** Wall time spent, ms. */
  elapsedMs: number;
}
