// The engine's build output (one JSON message a line) followed with a bound. docker-modem's
// followProgress kept every message of the build and the partial line without limit, and threw
// out of its 'data' handler on a line that is not JSON. No `vscode` here: tested with plain Node.
import type { Readable } from 'node:stream';
import { MAX_LINE_CHARS, onLines } from '../../docker/lines';

/** One message of POST /build's answer. */
export interface BuildEvent {
  stream?: string;
  status?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/**
 * Passes each message to `onEvent`; resolves when the output ends, with the build's error (the
 * engine's message, or why the stream stopped), or undefined when it succeeded. A line longer than
 * `maxLine` stops the build: the stream is closed, which cancels it on the engine.
 */
export function followBuildOutput(
  stream: Readable,
  onEvent: (event: BuildEvent) => void,
  maxLine = MAX_LINE_CHARS,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let error: string | undefined;
    let done = false;
    const finish = (streamError?: Error): void => {
      if (done) return;
      done = true;
      if (error === undefined && streamError) {
        error = (streamError as NodeJS.ErrnoException).code === 'E2BIG'
          ? `the Docker engine sent a build output line longer than ${Math.round(maxLine / 1024)} KiB, so Stevedore stopped the build there. Check the engine (is it a Docker engine?), or build with \`docker build\` to see its output.`
          : streamError.message;
      }
      resolve(error);
    };
    onLines(stream, (line) => {
      if (!line.trim()) return;
      let event: BuildEvent;
      try {
        event = JSON.parse(line) as BuildEvent;
      } catch {
        return; // not a build message: skipped, as the stats streams skip a malformed line
      }
      if (typeof event !== 'object' || event === null) return;
      onEvent(event);
      if (event.error) error = event.errorDetail?.message ?? event.error;
    }, maxLine);
    stream.on('error', (streamError: Error) => finish(streamError));
    stream.on('end', () => finish());
    stream.on('close', () => finish());
  });
}
