// The stats engine's public surface: what the sidebar view (src/vscode/stats) and `stevedore stats` use.
export * from './types';
export { ComposeStatsMonitor, type MonitorEvents } from './monitor';
// One monitor per project and engine, shared by the view and the load test's probe (leases, interests).
export { MonitorRegistry, unionOf, type MonitorLease } from './monitorRegistry';
export { ServiceHistoryStore, type ServiceHistoryOptions, type ServiceHistoryPoints } from './serviceHistory';
export { sampleOnce, type StatsSnapshot } from './snapshot';
export { listServiceContainers, belongsToProject, type ServiceContainer } from './containers';
export { loadComposeProject, findComposeFiles, normalizeProjectName, ComposeFileError } from './compose';
export { sampleFromStats, cpuPercentUnix, cpuPercentWindows, memoryUsageNoCache, memoryPercent, networkBytes, blockIoBytes } from './calculate';
export { levelOf, cpuUse, rightSizingHint, sanitizeThresholds, CriticalDetector } from './thresholds';
export { bytesSize, humanSize, formatPercent, friendlyBytes, friendlyDuration } from './units';
export { buildServiceStates, statsJsonRows } from './serviceState';
export { ERROR_LINE } from './streams';
export { ContainerExporter, type ExporterOptions, type ExporterEvents } from './exporter';
export { CADVISOR, COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, CadvisorExposition, cadvisorUsage, cadvisorSpec, cgroupIdOf, sanitizeLabelName, baseLabels, type CadvisorUsage, type CadvisorSpec, type ExposedContainer } from './cadvisor';
// The engine session and the Compose labels, shared with the log engine (src/logs) so both follow a
// project's containers the same way.
export { EngineSession, type EngineSessionHooks } from './engineSession';
export { COMPOSE_LABELS, type EngineEvent } from './engineJson';
export { prometheusRulesYaml, prometheusRuleGroups, scrapeConfigYaml, cpuUseExpr, memoryUseExpr, isPrometheusDuration, promqlString, type PrometheusRulesOptions, type ScrapeConfigOptions } from './prometheusRules';
// A shell in a container through the engine's exec API (TTY), and a container's published ports.
export { ShellSession, chooseShell, commandWords, publishedPorts, DEFAULT_SHELLS, type ShellEnd, type ShellOptions, type ShellSessionEvents, type PublishedPort } from './shell';
// Prometheus as a data source (many hosts, Kubernetes, history): src/stats/prometheus.
export * from './prometheus';
