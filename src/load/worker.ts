// The editor's load test sends its traffic from this worker thread (dist/features/load-worker.js,
// started and kept by workerPool.ts), so the extension host's thread, which every extension
// shares, stays free while thousands of requests a second go out. The thread that starts a run
// keeps the saturation probe and the result's last steps (runLoad in run.ts); this side sends,
// measures and reports each second.
import { parentPort } from 'node:worker_threads';
import { sendTraffic } from './run';
import type { TrafficMessage, TrafficRequest } from './workerPool';

// undici closes each socket of a run without keep-alive with an Error, whose stack Node's streams
// format: this thread prints no stacks, and its own isolate keeps the setting from anyone else.
Error.stackTraceLimit = 0;

const port = parentPort;
if (port) {
  const running = new Map<number, AbortController>();
  const post = (message: TrafficMessage): void => port.postMessage(message);
  port.on('message', (request: TrafficRequest) => {
    if (request.type === 'cancel') {
      running.get(request.id)?.abort();
      return;
    }
    const { id, settings } = request;
    const cancel = new AbortController();
    running.set(id, cancel);
    sendTraffic({ ...settings, url: new URL(settings.url) }, cancel.signal, (progress) => post({ type: 'progress', id, progress }))
      .then((result) => post({ type: 'done', id, result }))
      .catch((error: unknown) => post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) }))
      .finally(() => running.delete(id));
  });
}
