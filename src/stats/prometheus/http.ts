// The HTTP side of the Prometheus source: one request per API call to /api/v1/…, with the
// connection's auth and CA, a hard timeout per request (the whole answer, not just the headers), and
// every failure turned into one PrometheusError. dispose() aborts whatever is in flight.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { EXTENSION_SETTING_NAMES, PrometheusError, httpError, networkError, notPrometheus, timeoutError, type PrometheusSettingNames } from './errors';
import type { PrometheusConnection } from './types';

/** Default query timeout (stevedore.prometheus.timeoutSeconds' default). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Answers larger than this are refused (a 24 h range of a large namespace is a few MB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class AbortError extends Error {
  constructor() {
    super('The Prometheus request was cancelled.');
    this.name = 'AbortError';
  }
}

interface ApiBody {
  status?: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

export class PrometheusHttp {
  readonly base: URL;
  readonly url: string;
  readonly names: PrometheusSettingNames;
  readonly timeoutMs: number;
  private readonly inFlight = new Set<(error: Error) => void>();
  private disposed = false;
  private ca: Buffer | undefined;

  constructor(private readonly connection: PrometheusConnection) {
    this.names = connection.settingNames ?? EXTENSION_SETTING_NAMES;
    this.timeoutMs = connection.timeoutMs && connection.timeoutMs > 0 ? connection.timeoutMs : DEFAULT_TIMEOUT_MS;
    this.url = connection.url.trim();
    let base: URL;
    try {
      base = new URL(this.url);
    } catch {
      throw notPrometheus(this.url || '(empty)', this.names, 'not a URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw notPrometheus(this.url, this.names, `${base.protocol} is not http: or https:`);
    if (base.username || base.password) {
      throw new PrometheusError('query', `The Prometheus URL ${base.origin} carries a user name or password.`, `Remove it from ${this.names.url} and set ${this.names.token}.`, base.origin);
    }
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
  }

  /** GET (no form) or POST (a form: queries can be long) to api/v1/<path>; resolves with `data`. */
  async api<T>(path: string, form?: Record<string, string>): Promise<T> {
    if (this.disposed) throw new AbortError();
    const target = new URL(`api/v1/${path}`, this.base);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const { status, text, contentType } = await this.send(target, body);
    let parsed: ApiBody | undefined;
    try {
      parsed = JSON.parse(text) as ApiBody;
    } catch {
      parsed = undefined;
    }
    const shown = this.base.href.replace(/\/$/, '');
    if (status === 401 || status === 403) throw httpError(status, shown, this.names);
    if (!parsed || typeof parsed !== 'object' || (parsed.status !== 'success' && parsed.status !== 'error')) {
      const what = status >= 300 && status < 400 ? `HTTP ${status}, a redirect` : `HTTP ${status}${contentType ? `, ${contentType.split(';')[0]}` : ''}`;
      throw notPrometheus(shown, this.names, what, status);
    }
    if (parsed.status === 'error') throw httpError(status, shown, this.names, { errorType: parsed.errorType ?? 'error', error: parsed.error });
    return parsed.data as T;
  }

  private caFor(): Buffer | undefined {
    if (!this.connection.caFile) return undefined;
    if (this.ca) return this.ca;
    try {
      this.ca = readFileSync(this.connection.caFile);
      return this.ca;
    } catch (error) {
      throw new PrometheusError(
        'tls',
        `The CA file ${this.connection.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
        `Set ${this.names.ca} to a readable PEM file.`,
        this.url,
      );
    }
  }

  private headers(body: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'stevedore' };
    const auth = this.connection.auth;
    if (auth?.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    if (auth?.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return headers;
  }

  private send(target: URL, body: string | undefined): Promise<{ status: number; text: string; contentType: string }> {
    const shown = this.base.href.replace(/\/$/, '');
    const https = target.protocol === 'https:';
    const ca = https ? this.caFor() : undefined;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, value?: { status: number; text: string; contentType: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(abort);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(value!);
      };
      const abort = (error: Error) => finish(error);
      const options = { method: body === undefined ? 'GET' : 'POST', headers: this.headers(body), ...(ca ? { ca } : {}) };
      const req = (https ? httpsRequest : httpRequest)(target, options, (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            finish(new PrometheusError('query', `Prometheus at ${shown} sent more than ${MAX_BODY_BYTES / 1024 / 1024} MiB for one query.`, 'Pick a shorter range or a smaller scope.', shown));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: String(response.headers['content-type'] ?? '') }));
        response.on('error', (error) => finish(networkError(error, shown, this.names)));
      });
      const timer = setTimeout(() => finish(timeoutError(shown, this.timeoutMs, this.names)), this.timeoutMs);
      this.inFlight.add(abort);
      req.on('error', (error) => finish(networkError(error, shown, this.names)));
      req.end(body);
    });
  }

  /** Every request in flight rejects with AbortError; new ones too. */
  dispose(): void {
    this.disposed = true;
    for (const abort of [...this.inFlight]) abort(new AbortError());
  }
}
