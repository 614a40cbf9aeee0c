// The editor's load test sends its traffic from this worker thread (dist/features/load-worker.js),
// so the extension host's thread, which every extension shares, stays free while thousands of
// requests a second go out. The thread that starts it keeps the saturation probe and the result's
// last steps (runLoad in run.ts); this side sends, measures and reports each second.
import { parentPort, workerData } from 'node:worker_threads';
import { sendTraffic, type TrafficMessage, type TrafficSettings } from './run';

// undici closes each socket of a run without keep-alive with an Error, whose stack Node's streams
// format: this thread prints no stacks, and its own isolate keeps the setting from anyone else.
Error.stackTraceLimit = 0;

const port = parentPort;
if (port) {
  const cancel = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'cancel') cancel.abort();
  });
  const settings = workerData as TrafficSettings;
  const post = (message: TrafficMessage): void => port.postMessage(message);
  sendTraffic({ ...settings, url: new URL(settings.url) }, cancel.signal, (progress) => post({ type: 'progress', progress }))
    .then((result) => post({ type: 'done', result }))
    .catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
  // The port stays open: the starting thread ends this worker once it has the result.
}
