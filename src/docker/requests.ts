// Every request to the engine is bounded in time and in what is buffered, and says what went wrong in
// the user's words. dockerode's transport (docker-modem) waits forever and buffers a JSON answer whole:
// an engine that answers /_ping and then nothing hung `analyze IMAGE` and `stats --no-stream`, and an
// endless chunked answer reached 714 MB within the 3 s ping timeout. Here each request is sent in
// docker-modem's streaming mode and read by us, with a deadline and a byte cap.
import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';

export interface RequestLimits {
  /** A buffered (JSON) answer, headers and body, and the headers of events, stats and logs streams. */
  timeoutMs: number;
  /** Container actions that wait for the container (stop, restart, kill, wait): the stop grace period. */
  actionTimeoutMs: number;
  /** The headers of image export, build, pull and push: the engine prepares the export first. */
  longStreamOpenTimeoutMs: number;
  /** A buffered answer's size. */
  maxResponseBytes: number;
}

/**
 * The defaults. A healthy engine answers inspect, version and list in milliseconds and a
 * non-streaming stats call in about 2 s (it waits for a second reading); 32 MiB holds a list of
 * 10,000 containers several times over.
 */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  timeoutMs: 15_000,
  actionTimeoutMs: 120_000,
  longStreamOpenTimeoutMs: 600_000,
  maxResponseBytes: 32 * 1024 * 1024,
};

/** The defaults, with STEVEDORE_ENGINE_TIMEOUT_MS (the request timeout, for slow engines and for tests) applied. */
export function requestLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const timeoutMs = Number(env.STEVEDORE_ENGINE_TIMEOUT_MS);
  return Number.isFinite(timeoutMs) && timeoutMs > 0
    ? { ...DEFAULT_REQUEST_LIMITS, timeoutMs }
    : DEFAULT_REQUEST_LIMITS;
}

/** Which engine, for messages: the host as the user wrote it and where it came from. */
export interface EngineLabel {
  host: string;
  /** e.g. "from DOCKER_HOST", "the default". */
  from: string;
  /** How to point Stevedore elsewhere, e.g. "--host or DOCKER_HOST". */
  how: string;
}

/** A problem with the engine's answer (or its silence), with a message the user can act on. */
export class DockerEngineError extends Error {
  override name = 'DockerEngineError';
  constructor(
    message: string,
    readonly kind: 'timeout' | 'too-large' | 'not-an-engine' | 'bad-path',
    readonly request: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const RESPONSE_KINDS = (): Record<number, true> => {
  const all: Record<number, true> = {};
  for (let status = 100; status < 600; status++) all[status] = true;
  return all;
};
const ANY_STATUS = RESPONSE_KINDS();

/** An error body is read up to this much: enough for the engine's `{"message": ...}`. */
const MAX_ERROR_BODY = 64 * 1024;

interface DialOptions {
  path: string;
  method: string;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  abortSignal?: AbortSignal;
  statusCodes?: Record<number, string | boolean>;
  [key: string]: unknown;
}
type DialCallback = (error: unknown, result?: unknown) => void;
interface Modem {
  dial(options: DialOptions, callback: DialCallback): void;
}

/** The method and path without the query, e.g. `GET /containers/json`: what the messages name. */
function requestName(options: DialOptions): string {
  return `${options.method} ${options.path.replace(/\?.*$/s, '')}`;
}

/**
 * Why a path must not be sent: a name put into the path unescaped could leave its segment
 * (`a/../b`, `x/../../v1.41/containers/json`) or start the query (`?`). dockerode's own paths end in
 * `?` when they take a query; nothing else has one.
 */
export function unsafePathReason(path: string): string | undefined {
  const query = path.indexOf('?');
  if (query >= 0 && query !== path.length - 1) return 'it holds a "?"';
  const bare = query >= 0 ? path.slice(0, -1) : path;
  if (/[\u0000-\u0020\u007f-\uffff#\\]/.test(bare)) return 'it holds a space, a control character, "#", "\\" or a non-ASCII character';
  if (bare.split('/').some((segment) => segment === '.' || segment === '..')) return 'it holds a "." or ".." segment';
  return undefined;
}

function timeoutFor(options: DialOptions, limits: RequestLimits): number {
  const path = options.path.replace(/\?.*$/s, '');
  if (options.method === 'POST' && /^\/containers\/[^/]+\/(stop|restart|kill|wait)$/.test(path)) return limits.actionTimeoutMs;
  if (options.isStream && (/^\/images\/.+\/(get|push)$/.test(path) || path === '/images/get' || path === '/build' || path === '/images/create' || path === '/images/load')) {
    return limits.longStreamOpenTimeoutMs;
  }
  return limits.timeoutMs;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads `response` up to `max` bytes; `onDone(undefined, ...)` when it went over. */
function readBounded(response: IncomingMessage, max: number, onDone: (error: unknown, body?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  const finish = (error: unknown, body?: Buffer): void => {
    if (done) return;
    done = true;
    onDone(error, body);
  };
  response.on('data', (chunk: Buffer) => {
    if (done) return;
    length += chunk.length;
    if (length > max) {
      finish(Object.assign(new Error('too large'), { code: 'E2BIG' }));
      response.destroy();
      return;
    }
    chunks.push(chunk);
  });
  response.on('end', () => finish(undefined, Buffer.concat(chunks)));
  response.on('error', (error) => finish(error));
  response.on('aborted', () => finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
}

/** The error docker-modem makes for an unexpected status: callers test `statusCode` and `json`. */
function statusError(status: number, reason: string | boolean | undefined, body: Buffer, json: unknown): Error {
  const said = json && typeof json === 'object' ? (json as { message?: unknown }).message : undefined;
  const detail = typeof said === 'string' ? said : body.toString('utf8', 0, Math.min(body.length, 200)).replace(/[^\x20-\x7e]+/g, ' ').trim();
  return Object.assign(new Error(`(HTTP code ${status}) ${typeof reason === 'string' ? reason : 'unexpected'} - ${detail} `), {
    reason: typeof reason === 'string' ? reason : undefined,
    statusCode: status,
    json: json ?? body,
  });
}

/** True when a /_ping answer is a Docker (or Podman) engine's: "OK", or the API version header. */
function isEnginePing(response: IncomingMessage, body: Buffer): boolean {
  return body.toString('utf8').trim() === 'OK' || typeof response.headers['api-version'] === 'string';
}

/** Bound every request of a dockerode client (idempotent). */
export function boundRequests(
  docker: Docker,
  engine: EngineLabel,
  limits: RequestLimits = DEFAULT_REQUEST_LIMITS,
): Docker {
  const modem = docker.modem as unknown as Modem & { stevedoreBounded?: boolean };
  if (modem.stevedoreBounded) return docker;
  modem.stevedoreBounded = true;
  const dial = modem.dial.bind(modem);
  const at = `The Docker engine at ${engine.host} (${engine.from})`;
  modem.dial = (options: DialOptions, callback: DialCallback): void => {
    const request = requestName(options);
    const unsafe = unsafePathReason(options.path);
    if (unsafe) {
      const error = new DockerEngineError(`Stevedore did not send ${request.slice(0, 200)} to the Docker engine: ${unsafe}. Check the image or container name.`, 'bad-path', request);
      process.nextTick(() => callback(error));
      return;
    }
    // attach and exec sessions are interactive: they last as long as the user wants.
    if (options.hijack || options.openStdin) {
      dial(options, callback);
      return;
    }
    const timeoutMs = timeoutFor(options, limits);
    const wanted = options.statusCodes ?? {};
    const controller = new AbortController();
    const callerSignal = options.abortSignal;
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let settled = false;
    const settle = (error: unknown, result?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!options.isStream || error) callerSignal?.removeEventListener('abort', onCallerAbort);
      callback(error, result);
    };
    const timer = setTimeout(() => {
      const error = new DockerEngineError(
        options.path.startsWith('/_ping')
          ? `${at} did not answer within ${seconds(timeoutMs)}.`
          : `${at} did not answer ${request} within ${seconds(timeoutMs)}: it is unresponsive. Check that Docker is healthy (restart it if needed), or point Stevedore at another engine with ${engine.how}.`,
        'timeout',
        request,
        'ETIMEDOUT',
      );
      settle(error);
      controller.abort(error);
    }, timeoutMs);
    timer.unref?.();
    const ping = options.path.startsWith('/_ping');
    dial({ ...options, isStream: true, abortSignal: controller.signal, statusCodes: ANY_STATUS }, (error, result) => {
      if (settled) {
        (result as IncomingMessage | undefined)?.destroy();
        return;
      }
      if (error) {
        settle(ping ? notAnEngineFromError(error, at, request) ?? error : error);
        return;
      }
      const response = result as IncomingMessage;
      const status = response.statusCode ?? 0;
      if (options.isStream && wanted[status] === true) {
        settle(undefined, response);
        return;
      }
      // Docker answers /_ping with "OK" and an error with a short JSON message: 64 KiB is plenty for both.
      const max = wanted[status] === true && !ping ? limits.maxResponseBytes : MAX_ERROR_BODY;
      readBounded(response, max, (readError, body) => {
        if (readError) {
          if ((readError as NodeJS.ErrnoException).code === 'E2BIG') {
            settle(new DockerEngineError(
              ping
                ? `${engine.host} (${engine.from}) answered ${request} with more than ${sizeText(max)}: it is not a Docker engine. Point Stevedore at the engine with ${engine.how}.`
                : `${at} sent more than ${sizeText(max)} for ${request}: Stevedore stops reading there. Check the engine, or point Stevedore at another with ${engine.how}.`,
              ping ? 'not-an-engine' : 'too-large',
              request,
              'E2BIG',
            ));
          } else settle(readError);
          return;
        }
        const data = body as Buffer;
        if (ping && (status !== 200 || !isEnginePing(response, data))) {
          settle(new DockerEngineError(`${engine.host} (${engine.from}) answered, but it is not a Docker engine (${request} got HTTP ${status}, not Docker's "OK"). Point Stevedore at the engine with ${engine.how}.`, 'not-an-engine', request));
          return;
        }
        const json = parseJson(data.toString('utf8'));
        if (wanted[status] !== true) {
          settle(statusError(status, wanted[status], data, json));
          return;
        }
        settle(undefined, json ?? data);
      });
    });
  };
  return docker;
}

/** A transport error on /_ping that means "something answered, but not an engine". */
function notAnEngineFromError(error: unknown, at: string, request: string): DockerEngineError | undefined {
  const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
  const host = at.replace(/^The Docker engine at /, '');
  if (typeof code === 'string' && code.startsWith('HPE_')) {
    return new DockerEngineError(`${host} answered, but not in HTTP: it is not a Docker engine (an SSH or TLS port?). Check the host and port.`, 'not-an-engine', request, code);
  }
  if (code === 'ECONNRESET' && /socket hang up/i.test(message ?? '')) {
    return new DockerEngineError(
      `${host} accepted the connection but closed it without answering ${request}: it is not a Docker engine, or it expects TLS (set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or use port 2376).`,
      'not-an-engine',
      request,
      code,
    );
  }
  return undefined;
}
