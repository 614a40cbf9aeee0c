// One error type for everything that can go wrong between Stevedore and a Prometheus server: a kind
// the view can branch on, one sentence saying what happened, and what to do about it.
import type { PrometheusErrorKind } from './types';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    /** What happened, naming the URL. */
    readonly what: string,
    /** What to do about it. */
    readonly hint: string,
    readonly url: string,
    /** The HTTP status when there was one. */
    readonly status?: number,
  ) {
    super(`${what} ${hint}`);
    this.name = 'PrometheusError';
  }
}

/** The setting names messages use: the extension's settings or the CLI's flags. */
export interface PrometheusSettingNames {
  url: string;
  token: string;
  ca: string;
  timeout: string;
  /** Whoever shows the message tries again by itself (the view, a streaming CLI). */
  retries?: boolean;
}

export const EXTENSION_SETTING_NAMES: PrometheusSettingNames = {
  url: 'stevedore.prometheus.url',
  token: 'the token or password with "Stevedore: Set Prometheus Token or Password…" (stevedore.prometheus.authentication)',
  ca: 'stevedore.prometheus.caFile',
  timeout: 'stevedore.prometheus.timeoutSeconds',
  retries: true,
};

export const CLI_FLAG_NAMES: PrometheusSettingNames = {
  url: '--prometheus-url',
  token: 'STEVEDORE_PROMETHEUS_TOKEN (bearer) or --prometheus-user with STEVEDORE_PROMETHEUS_PASSWORD (basic)',
  ca: '--prometheus-ca',
  timeout: '--prometheus-timeout',
};

/** Network error codes that mean "nothing answers there". */
const DOWN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EADDRNOTAVAIL']);

const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL|EPROTO)/;

export function networkError(error: unknown, url: string, names: PrometheusSettingNames): PrometheusError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (TLS_CODE.test(code)) {
    return new PrometheusError('tls', `The TLS connection to Prometheus at ${url} failed (${code || detail}).`, `If the server uses a private certificate authority, set ${names.ca} to its PEM file.`, url);
  }
  if (DOWN_CODES.has(code) || !code) {
    return new PrometheusError('down', `Prometheus at ${url} does not answer (${code || detail}).`, `Check that it is running and that ${names.url} is right${names.retries ? '; Stevedore retries by itself' : ''}.`, url);
  }
  return new PrometheusError('down', `Prometheus at ${url} could not be reached (${code}: ${detail}).`, `Check ${names.url}${names.retries ? '; Stevedore retries by itself' : ''}.`, url);
}

export function timeoutError(url: string, timeoutMs: number, names: PrometheusSettingNames): PrometheusError {
  return new PrometheusError(
    'timeout',
    `Prometheus at ${url} did not answer a query within ${Math.round(timeoutMs / 100) / 10} s.`,
    `The server may be overloaded; raise ${names.timeout} or pick a shorter range.`,
    url,
  );
}

export function httpError(
  status: number,
  url: string,
  names: PrometheusSettingNames,
  body?: { errorType?: string; error?: string },
): PrometheusError {
  if (status === 401) {
    return new PrometheusError('unauthorized', `Prometheus at ${url} refused the request (401 Unauthorized).`, `Set ${names.token}.`, url, status);
  }
  if (status === 403) return new PrometheusError('forbidden', `Prometheus at ${url} refused the request (403 Forbidden): these credentials may not query it.`, `Use a token or user allowed to read metrics (${names.token}).`, url, status);
  if (body?.errorType === 'timeout') return new PrometheusError('timeout', `Prometheus at ${url} gave up on a query (${body.error ?? 'timeout'}).`, `Pick a shorter range, or raise ${names.timeout} and the server's --query.timeout.`, url, status);
  if (body?.errorType) return new PrometheusError('query', `Prometheus at ${url} could not run a query (${body.errorType}: ${body.error ?? ''}).`, 'This is a bug in Stevedore if the server is a Prometheus 2.x or later; please report it with the message.', url, status);
  return notPrometheus(url, names, `HTTP ${status}`, status);
}

export function notPrometheus(
  url: string,
  names: PrometheusSettingNames,
  detail: string,
  status?: number,
): PrometheusError {
  return new PrometheusError(
    'not-prometheus',
    `What answers at ${url} is not Prometheus' HTTP API (${detail}).`,
    `Set ${names.url} to the server's base URL (the page with /graph, without /api/v1), e.g. http://127.0.0.1:9090.`,
    url,
    status,
  );
}

export function noCadvisorError(url: string): PrometheusError {
  return new PrometheusError(
    'no-cadvisor',
    `Prometheus at ${url} has no container metrics (no container_cpu_usage_seconds_total series).`,
    'Scrape cAdvisor, the kubelet\'s /metrics/cadvisor, or `stevedore exporter` on each host (Stevedore: Export Scrape Config writes the job).',
    url,
  );
}
