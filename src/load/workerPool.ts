// The editor's load runs send their traffic from a worker thread (worker.ts, built as
// dist/features/load-worker.js): the extension host's thread, shared with every other extension,
// stays free while thousands of requests a second go out. One idle worker is kept for a minute
// after a run, so a second run starts with the HTTP client already loaded and compiled: measured
// in one process against a local Node server, five runs of 1,000 requests went 2,052, 3,562,
// 4,763, 10,106, 17,171 req/s as V8 warmed up, which a worker per run would start over each time.
import type { Worker as WorkerType } from 'node:worker_threads';
import type { ResolvedLoadOptions } from './options';
import type { LoadProgress, LoadResult } from './types';

/** The settings a worker receives (a URL object does not cross threads: its text does). */
export type TrafficSettings = Omit<ResolvedLoadOptions, 'url'> & { url: string };

/** From the starting thread to the worker. */
export type TrafficRequest = { type: 'run'; id: number; settings: TrafficSettings } | { type: 'cancel'; id: number };

/** From the worker to the starting thread. */
export type TrafficMessage =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'done'; id: number; result: LoadResult }
  | { type: 'failed'; id: number; message: string };

/** After a cancel, how long a worker has to end its run before it is stopped outright. */
const CANCEL_GRACE_MS = 800;
/** How long an idle worker is kept for the next run. */
const IDLE_MS = 60_000;

const idle = new Map<string, { worker: WorkerType; timer: NodeJS.Timeout }>();
let nextId = 1;

function takeWorker(file: string): WorkerType {
  const kept = idle.get(file);
  if (kept) {
    idle.delete(file);
    clearTimeout(kept.timer);
    kept.worker.ref();
    return kept.worker;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new Worker(file);
  worker.once('exit', () => {
    if (idle.get(file)?.worker === worker) idle.delete(file);
  });
  return worker;
}

/** Keeps one idle worker per script; an idle worker never holds the process open. */
function giveBack(file: string, worker: WorkerType): void {
  if (idle.has(file)) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    if (idle.get(file)?.worker !== worker) return;
    idle.delete(file);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle.set(file, { worker, timer });
}

/** Ends the kept workers now (tests). Left alone, an idle worker ends after IDLE_MS and never holds a process open. */
export function stopIdleTrafficWorkers(): void {
  for (const [file, { worker, timer }] of idle) {
    clearTimeout(timer);
    idle.delete(file);
    void worker.terminate();
  }
}

/**
 * One run's traffic on a worker: each second's progress comes back as it happens, the result at the
 * end. Cancel asks the worker to end the run, which it does within milliseconds; one that has not
 * ended CANCEL_GRACE_MS later is stopped outright, which closes its sockets.
 */
export function trafficInWorker(
  file: string,
  settings: ResolvedLoadOptions,
  cancel: AbortSignal,
  onProgress: (progress: LoadProgress) => void,
): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    let worker: WorkerType;
    try {
      worker = takeWorker(file);
    } catch (error) {
      reject(new Error(`The load test's worker failed: ${(error as Error).message}`));
      return;
    }
    const id = nextId++;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onCancel = (): void => {
      worker.postMessage({ type: 'cancel', id } satisfies TrafficRequest);
      killTimer ??= setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
    };
    const onMessage = (message: TrafficMessage): void => {
      if (message.id !== id) return;
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') settle(true, () => resolve(message.result));
      else settle(true, () => reject(new Error(`The load test stopped: ${message.message}`)));
    };
    const onError = (error: Error): void => settle(false, () => reject(new Error(`The load test's worker failed: ${error.message}`)));
    const onExit = (code: number): void => settle(false, () => reject(new Error(
      cancel.aborted
        ? `The load test did not end within ${CANCEL_GRACE_MS} ms of the cancel: its worker was stopped, and its sockets with it.`
        : `The load test's worker ended (exit code ${code}) before its result.`,
    )));
    function settle(reusable: boolean, then: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      cancel.removeEventListener('abort', onCancel);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reusable) giveBack(file, worker);
      else void worker.terminate();
      then();
    }
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ type: 'run', id, settings: { ...settings, url: settings.url.href } } satisfies TrafficRequest);
    cancel.addEventListener('abort', onCancel, { once: true });
    if (cancel.aborted) onCancel();
  });
}
