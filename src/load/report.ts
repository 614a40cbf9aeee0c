// The CLI's renderings of a result: `--format tty` prints ab's familiar summary, then the
// percentiles, the errors by kind and the service's saturation; `--format json` the full result.
import type { LoadResult } from './types';

const fixed = (value: number, digits: number): string => value.toFixed(digits);
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
/** Names and kinds come from the network: printed as text without control characters. */
const clean = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

function row(label: string, value: string): string {
  return `${label.padEnd(24)}${value}`;
}

/** ab's summary lines, then the four golden signals; `comparison` from compareResults. */
export function ttyReport(result: LoadResult, comparison: string[] = []): string {
  const url = new URL(result.target);
  const lines: string[] = [];
  if (result.service) lines.push(row('Service:', `${clean(result.service.name)} (${clean(result.service.project)})`));
  lines.push(
    row('Server Hostname:', clean(url.hostname)),
    row('Server Port:', url.port || (url.protocol === 'https:' ? '443' : '80')),
    '',
    row('Document Path:', clean(`${url.pathname}${url.search}`)),
    row('Concurrency Level:', String(result.concurrency)),
  );
  if (result.rate !== null) lines.push(row('Arrival rate:', `${result.rate} [#/sec] (latencies from each request's due time)`));
  lines.push(
    row('Keep-Alive:', result.keepAlive ? 'on' : 'off'),
    row('Time taken for tests:', `${fixed(result.durationSeconds, 3)} seconds${result.cancelled ? ' (cancelled)' : ''}`),
    row('Complete requests:', String(result.requests)),
    row('Failed requests:', String(result.errors.total)),
  );
  const non2xx = Object.entries(result.statusCodes).filter(([code]) => !code.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
  if (non2xx > 0) lines.push(row('Non-2xx responses:', String(non2xx)));
  const perRequest = result.requestsPerSecond > 0 ? 1000 / result.requestsPerSecond : 0;
  lines.push(
    row('Body transferred:', `${result.bytes.received} bytes`),
    row('Requests per second:', `${fixed(result.requestsPerSecond, 2)} [#/sec] (mean)`),
    row('Time per request:', `${fixed(result.latencyMs.mean, 3)} [ms] (mean)`),
    row('Time per request:', `${fixed(perRequest, 3)} [ms] (mean, across all concurrent requests)`),
    row('Transfer rate:', `${fixed(result.transferRate / 1024, 2)} [Kbytes/sec] received`),
    row('Client CPU:', `${fixed(result.clientCpuMicrosPerRequest, 1)} [µs] per request (this process)`),
    '',
    'Latency (ms)      min     p50     p90     p95     p99     max',
    `              ${[result.latencyMs.min, result.latencyMs.p50, result.latencyMs.p90, result.latencyMs.p95, result.latencyMs.p99, result.latencyMs.max]
      .map((v) => fixed(v, 1).padStart(8)).join('')}`,
  );
  if (result.errors.total > 0) {
    lines.push('', `Errors: ${result.errors.total} (${fixed(result.errors.rate * 100, 2)}%)`);
    for (const [kind, n] of Object.entries(result.errors.byKind).sort((a, b) => b[1] - a[1])) lines.push(`  ${clean(kind).padEnd(22)}${n}`);
  }
  const s = result.saturation;
  if (s) {
    const limit = s.memoryLimitBytes > 0 ? ` of ${mib(s.memoryLimitBytes)} (${fixed((s.memoryPeakBytes / s.memoryLimitBytes) * 100, 1)}%)` : '';
    lines.push(
      '',
      `Saturation (${s.replicas} replica${s.replicas === 1 ? '' : 's'}, ${s.samples} sample${s.samples === 1 ? '' : 's'})`,
      row('  CPU:', `peak ${fixed(s.cpuPercentPeak, 1)}%, mean ${fixed(s.cpuPercentMean, 1)}%`),
      row('  Memory peak:', `${mib(s.memoryPeakBytes)}${limit}`),
      row('  Network:', `${mib(s.netRxBytes)} received, ${mib(s.netTxBytes)} sent`),
      row('  PIDs peak:', String(s.pidsPeak)),
    );
  } else if (result.service) {
    lines.push('', 'Saturation: no sample from the engine during the run');
  }
  if (comparison.length) lines.push('', 'Compared with the previous run:', ...comparison.map((line) => `  ${line}`));
  return lines.join('\n') + '\n';
}

/** The full result as `stevedore load --format json` prints it (and `--compare` reads it). */
export function resultJson(result: LoadResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
