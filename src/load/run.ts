// The run: `concurrency` connections (one undici Client each, one request at a time on it, as ab
// keeps its connections), either closed-loop (each connection sends its next request when the
// last one ends) or at a fixed arrival rate (request i is due at start + i / rate; its latency runs
// from that due time, so a stalled server is charged for the requests it kept waiting: the
// coordinated-omission correction wrk2 makes). Latencies go into HdrHistograms in microseconds.
// Every run is bounded by a request count and a duration; a cancel destroys every socket at once.
import type { Client as UndiciClient, Dispatcher } from 'undici';
import type Int32HistogramType from 'hdr-histogram-js/dist/Int32Histogram';
import { LoadOptionsError, validateLoadOptions, type ResolvedLoadOptions } from './options';
import { summarizeSaturation } from './saturation';
import { checkTargetAllowed } from './target';
import { trafficInWorker } from './workerPool';
import type { LatencyPercentiles, LoadHooks, LoadOptions, LoadProgress, LoadResult, SaturationSample } from './types';

export { LoadOptionsError };

type Histogram = InstanceType<typeof Int32HistogramType>;

/** 1 µs to 1 h, 3 significant digits (0.1% resolution): 1 MB of counts, made once per histogram. */
const HIGHEST_MICROS = 3_600_000_000;
/** How long to wait after the traffic for the probe's sample covering the last second. */
const LAST_SAMPLE_WAIT_MS = 1500;

function loadLibraries(): { Client: typeof UndiciClient; Int32Histogram: typeof Int32HistogramType } {
  // Loaded when a run starts, so activation and other CLI commands never read them. The histogram
  // class is taken alone: the package's index also pulls in its compression (pako) and WebAssembly.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Client } = require('undici') as typeof import('undici');
  const Int32Histogram = (require('hdr-histogram-js/dist/Int32Histogram') as { default: typeof Int32HistogramType }).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { Client, Int32Histogram };
}

/** The error kind users read: `status 503`, `timeout`, `ECONNREFUSED`, `ECONNRESET`, `socket closed`… */
export function errorKind(error: unknown): string {
  const err = error as { code?: string; cause?: { code?: string }; name?: string; message?: string };
  const code = err?.cause?.code ?? err?.code;
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'UND_ERR_SOCKET':
      return 'socket closed';
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
    case 'UND_ERR_ABORTED':
      return 'aborted';
    case undefined:
      return err?.name && err.name !== 'Error' ? err.name : 'error';
    default:
      return code.startsWith('UND_ERR_') ? code.slice('UND_ERR_'.length).toLowerCase().replace(/_/g, ' ') : code;
  }
}

function percentiles(histogram: Histogram): LatencyPercentiles {
  const ms = (micros: number): number => Math.round(micros) / 1000;
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
  };
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> => new Promise((resolve) => {
  if (signal.aborted) return resolve();
  const timer = setTimeout(done, ms);
  function done(): void {
    clearTimeout(timer);
    signal.removeEventListener('abort', done);
    resolve();
  }
  signal.addEventListener('abort', done, { once: true });
});

/**
 * Send the load and measure it. Resolves once the run ends, also on cancel (then `cancelled: true`);
 * rejects before any traffic, with LoadOptionsError or RemoteTargetError, and with a plain Error
 * only when the worker thread given as `trafficWorker` fails or cannot start.
 */
export async function runLoad(options: LoadOptions, hooks: LoadHooks = {}): Promise<LoadResult> {
  const settings = validateLoadOptions(options);
  checkTargetAllowed(settings.url.href, { allowRemote: options.allowRemote });
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (hooks.signal?.aborted) stop.abort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  const samples: SaturationSample[] = [];
  let lastSample: SaturationSample | null = null;
  let sampleWaiter: (() => void) | undefined;
  let stopProbe: (() => void) | undefined;
  if (hooks.saturation && !stop.signal.aborted) {
    stopProbe = await hooks.saturation.start((sample) => {
      samples.push(sample);
      lastSample = sample;
      sampleWaiter?.();
    });
  }

  try {
    // Each second's progress gets the probe's last sample here, where the probe runs.
    const sampleAtTick: (SaturationSample | null)[] = [];
    const onProgress = (progress: LoadProgress): void => {
      progress.saturation = lastSample;
      sampleAtTick.push(lastSample);
      try {
        hooks.onProgress?.(progress);
      } catch {
        // A listener's failure never stops the run.
      }
    };
    const result = hooks.trafficWorker
      ? await trafficInWorker(hooks.trafficWorker, settings, stop.signal, onProgress)
      : await sendTraffic(settings, stop.signal, onProgress);
    // A worker's timeline comes back as copies of the ticks: give them the samples the ticks had.
    result.timeline.forEach((progress, index) => (progress.saturation = sampleAtTick[index] ?? null));

    // The sample after the end covers the last second of traffic; wait for it unless cancelled.
    if (hooks.saturation !== undefined && result.stoppedBy !== 'cancel') {
      const lastAt = (lastSample as SaturationSample | null)?.at ?? 0;
      if (lastAt < result.finishedAt) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, LAST_SAMPLE_WAIT_MS);
          sampleWaiter = () => {
            clearTimeout(timer);
            sampleWaiter = undefined;
            resolve();
          };
        });
      }
    }
    const during = samples.filter((sample) => sample.at > result.startedAt && sample.at <= result.finishedAt + LAST_SAMPLE_WAIT_MS);
    result.saturation = summarizeSaturation(during);
    return result;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
    stopProbe?.();
  }
}

/** The traffic alone, on this thread: every field of the result but `saturation` (null here). */
export async function sendTraffic(
  settings: ResolvedLoadOptions,
  cancel: AbortSignal,
  onProgress: (progress: LoadProgress) => void,
): Promise<LoadResult> {
  const { Client, Int32Histogram } = loadLibraries();
  return drive(settings, cancel, Client, Int32Histogram, onProgress);
}

async function drive(
  settings: ResolvedLoadOptions,
  cancel: AbortSignal,
  Client: typeof UndiciClient,
  Int32Histogram: typeof Int32HistogramType,
  onProgress: (progress: LoadProgress) => void,
): Promise<LoadResult> {
  const { url, maxRequests, maxSeconds, concurrency, rate, method, headers, body, timeoutMs, keepAlive } = settings;
  const origin = url.origin;
  const path = `${url.pathname}${url.search}`;
  const bodyBytes = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const requestHeaders: Record<string, string> = { ...headers };
  if (!('user-agent' in requestHeaders)) requestHeaders['user-agent'] = 'stevedore-load';
  const total = new Int32Histogram(1, HIGHEST_MICROS, 3);
  const interval = new Int32Histogram(1, HIGHEST_MICROS, 3);
  const byKind: Record<string, number> = {};
  const statusCodes: Record<string, number> = {};
  const timeline: LoadProgress[] = [];
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let intervalCompleted = 0;
  let intervalErrors = 0;
  let received = 0;
  let finished = false;
  // Set by end(), which runs in callbacks: read through stopReason() so the compiler does not narrow it.
  const outcome: { stoppedBy: LoadResult['stoppedBy'] } = { stoppedBy: settings.stoppedByDefault };
  const stopReason = (): LoadResult['stoppedBy'] => outcome.stoppedBy;

  const cpuAtStart = process.cpuUsage();
  const startedAt = Date.now();
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  const clients: UndiciClient[] = [];
  const dispatcherOptions = {
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs },
    keepAliveTimeout: 30_000,
  };

  // Every connection ends when the run ends: the deadline, the last request, or a cancel.
  const ended = new AbortController();
  const end = (why: LoadResult['stoppedBy']): void => {
    if (ended.signal.aborted) return;
    outcome.stoppedBy = why;
    finished = true;
    ended.abort();
    for (const client of clients) void client.destroy().catch(() => undefined);
  };
  const onCancel = (): void => end('cancel');
  cancel.addEventListener('abort', onCancel, { once: true });
  if (cancel.aborted) end('cancel');
  const deadlineTimer = setTimeout(() => end('duration'), Math.max(0, deadline - performance.now()));

  let lastTickAt = start;
  const tick = (now: number): void => {
    const seconds = (now - lastTickAt) / 1000;
    lastTickAt = now;
    const progress: LoadProgress = {
      atMs: startedAt + Math.round(now - start),
      elapsedSeconds: Math.round((now - start) / 10) / 100,
      requestsDone: completed,
      requestsPerSecond: seconds > 0 ? Math.round((intervalCompleted / seconds) * 10) / 10 : 0,
      latencyMs: interval.totalCount > 0 ? percentiles(interval) : null,
      errors: intervalErrors,
      errorsTotal: errors,
      saturation: null,
    };
    interval.reset();
    intervalCompleted = 0;
    intervalErrors = 0;
    timeline.push(progress);
    onProgress(progress);
  };
  const ticker = setInterval(() => tick(performance.now()), 1000);

  const record = (dueAt: number, failure: string | undefined): void => {
    if (finished) return; // cut off by the end of the run: neither a success nor an error
    const micros = Math.max(1, Math.round((performance.now() - dueAt) * 1000));
    total.recordValue(micros);
    interval.recordValue(micros);
    completed += 1;
    intervalCompleted += 1;
    if (failure) {
      errors += 1;
      intervalErrors += 1;
      byKind[failure] = (byKind[failure] ?? 0) + 1;
    }
    if (completed >= maxRequests) end('requests');
  };

  /** One request on `client`; resolves when it has ended either way. */
  const send = (client: UndiciClient, dueAt: number): Promise<void> => new Promise((resolve) => {
    let status = 0;
    // Client.dispatch takes undici's callback handler (onConnect … onComplete/onError); the newer
    // controller-style handler is only accepted through composed dispatchers.
    const handler: Dispatcher.DispatchHandler = {
      onConnect() {
        // nothing to keep: a run is cancelled by destroying its clients
      },
      onHeaders(statusCode) {
        status = statusCode;
        return true;
      },
      onData(chunk) {
        received += chunk.length;
        return true;
      },
      onComplete() {
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        record(dueAt, status >= 400 || status < 100 ? `status ${status}` : undefined);
        resolve();
      },
      onError(error) {
        if (status) statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        record(dueAt, errorKind(error));
        resolve();
      },
    };
    try {
      client.dispatch({ origin, path, method, headers: requestHeaders, body, reset: !keepAlive, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, handler);
    } catch (error) {
      record(dueAt, errorKind(error));
      resolve();
    }
  });

  const interarrivalMs = rate ? 1000 / rate : 0;
  const connection = async (): Promise<void> => {
    const client = new Client(origin, dispatcherOptions);
    clients.push(client);
    // A connection refused by the server is reported on each request; the client stays usable.
    client.on('connectionError', () => undefined);
    if (finished) void client.destroy().catch(() => undefined);
    while (!finished) {
      if (sent >= maxRequests) break;
      const index = sent;
      sent += 1;
      let dueAt = performance.now();
      if (rate) {
        dueAt = start + index * interarrivalMs;
        if (dueAt >= deadline) {
          sent -= 1;
          break;
        }
        const wait = dueAt - performance.now();
        if (wait > 1) await sleep(wait, ended.signal);
        if (finished) {
          sent -= 1;
          break;
        }
      }
      await send(client, dueAt);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, () => connection()));
  end(completed >= maxRequests ? 'requests' : 'duration');
  clearTimeout(deadlineTimer);
  clearInterval(ticker);
  cancel.removeEventListener('abort', onCancel);
  const now = performance.now();
  if (intervalCompleted > 0 || timeline.length === 0) tick(now);
  const elapsedSeconds = (now - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const finishedAt = startedAt + Math.round(now - start);
  await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));

  const latency = completed > 0 ? percentiles(total) : { p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  return {
    target: url.href,
    method,
    concurrency,
    rate,
    keepAlive,
    requests: completed,
    sent,
    durationSeconds: Math.round(elapsedSeconds * 1000) / 1000,
    requestsPerSecond: elapsedSeconds > 0 ? Math.round((completed / elapsedSeconds) * 100) / 100 : 0,
    latencyMs: {
      ...latency,
      mean: completed > 0 ? Math.round(total.mean) / 1000 : 0,
      min: completed > 0 ? Math.round(total.minNonZeroValue) / 1000 : 0,
    },
    errors: { total: errors, rate: completed > 0 ? errors / completed : 0, byKind },
    statusCodes,
    bytes: { received, sent: sent * bodyBytes },
    transferRate: elapsedSeconds > 0 ? Math.round(received / elapsedSeconds) : 0,
    saturation: null,
    timeline,
    stoppedBy: stopReason(),
    cancelled: stopReason() === 'cancel',
    startedAt,
    finishedAt,
    clientCpuMicrosPerRequest: completed > 0 ? Math.round(((cpu.user + cpu.system) / completed) * 10) / 10 : 0,
  };
}
