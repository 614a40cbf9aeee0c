// The log engine's public surface: what the log view (src/vscode/logs, webview/logs) and `stevedore logs`
// use. ProjectLogs follows every replica of a compose project's services and merges their lines in
// time order into a bounded ring; the filters (text, regex under a time budget, level, service, LogQL
// line filters) run over those lines. No `vscode` import.
export * from './types';
export { ProjectLogs } from './projectLogs';
export { compileLogFilter, filterLines, matchesLine, DEFAULT_FILTER_BUDGET_MS } from './filter';
export { parseLogQL, type LineFilter, type LineFilterOp } from './logql';
export { detectLevel, levelFromName } from './level';
export { parseTimeBound } from './time';
export { decodeLogText, visibleControls } from './text';
export { LogRing } from './ring';
