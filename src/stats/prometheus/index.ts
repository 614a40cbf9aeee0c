// Prometheus as a data source for the Container stats view and `stevedore stats --source prometheus`:
// the public surface. No `vscode` import. Also re-exported by src/stats/index.ts (glue imports it there).
export * from './types';
export { PrometheusSource } from './source';
export { PrometheusError, EXTENSION_SETTING_NAMES, CLI_FLAG_NAMES, type PrometheusSettingNames } from './errors';
export { HISTORY_RANGES, RANGE_SECONDS, rateWindowSeconds, rangeStepSeconds } from './windows';
export { workloadOf, workloadFromOwner, type WorkloadGuess } from './workloads';
