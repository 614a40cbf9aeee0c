// The load engine's public surface (no `vscode`): a bounded HTTP load test with its latency
// histogram, errors by kind and the target service's saturation, used by `stevedore load` and the
// editor's load test panel. The HTTP client (undici) and the histogram are loaded when a run starts.
export * from './types';
export { runLoad, LoadOptionsError } from './run';
export { stopIdleTrafficWorkers } from './workerPool';
export { parseDurationSeconds, validateLoadOptions, resolvedBounds } from './options';
export { isLoopbackHost, checkTargetAllowed, RemoteTargetError, resolveServiceTarget, pickCandidate, engineHostName, ServiceTargetError, type ServiceTargetOptions } from './target';
export { composeSaturationProbe, summarizeSaturation, type ComposeProbeOptions } from './saturation';
export { parseFailOn, evaluateFailOn, type FailOnVerdict } from './failOn';
export { compareResults, parseResultJson } from './compare';
export { ttyReport, resultJson } from './report';
