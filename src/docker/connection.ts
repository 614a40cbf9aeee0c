// The one place that decides which Docker engine Stevedore talks to, and how to say so when it
// cannot. No `vscode` import: the extension passes the setting in, the CLI passes a flag.
import { createHash } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import { boundRequests, DockerEngineError, requestLimitsFromEnv, type RequestLimits } from './requests';

export { DockerEngineError, DEFAULT_REQUEST_LIMITS, requestLimitsFromEnv, type RequestLimits } from './requests';

export type DockerHostSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

export interface DockerTarget {
  /** The host as the user would write it, e.g. `unix:///var/run/docker.sock`. */
  host: string;
  /** Where the host came from, for error messages. */
  source: DockerHostSource;
  /** The docker context name when `source` is `context`. */
  contextName?: string;
  /** How the caller names its setting (default `stevedore.dockerHost`; the CLI's `--host`), whatever the source. */
  settingName?: string;
  /** Something wrong in the docker CLI config that did not stop the resolution (the docker CLI warns too). */
  warning?: string;
  options: DockerOptions;
}

export interface ResolveInput {
  /** `stevedore.dockerHost` or the CLI's `--host`. */
  setting?: string;
  /** How to name the setting in messages (default `stevedore.dockerHost`; the CLI says `--host`). */
  settingName?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
}

const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
const DEFAULT_WINDOWS_PIPE = '//./pipe/docker_engine';

/** Resolve the engine in Docker's own order: setting, DOCKER_HOST, current context, default. */
export function resolveDockerTarget(input: ResolveInput = {}): DockerTarget {
  const target = resolveHost(input);
  return input.settingName ? { ...target, settingName: input.settingName } : target;
}

function resolveHost(input: ResolveInput): DockerTarget {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const setting = input.setting?.trim();
  const home = input.home ?? homedir();
  const ssh = sshIdentity(env, home);
  if (setting) {
    return { host: setting, source: 'setting', options: optionsForHost(setting, tlsFromEnv(env, home), ssh) };
  }
  const fromEnv = env.DOCKER_HOST?.trim();
  if (fromEnv) {
    return { host: fromEnv, source: 'DOCKER_HOST', options: optionsForHost(fromEnv, tlsFromEnv(env, home), ssh) };
  }
  const context = currentContext(env, home, ssh);
  if ('host' in context) return context;
  const host = platform === 'win32' ? `npipe://${DEFAULT_WINDOWS_PIPE}` : `unix://${DEFAULT_UNIX_SOCKET}`;
  return { host, source: 'default', options: optionsForHost(host), ...(context.warning ? { warning: context.warning } : {}) };
}

interface TlsMaterial {
  verify: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function tlsFromEnv(env: NodeJS.ProcessEnv, home: string): TlsMaterial | undefined {
  const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  if (!verify && !env.DOCKER_CERT_PATH) return undefined;
  // Like the docker CLI: certificates from DOCKER_CERT_PATH, else the docker config folder.
  return { verify, ...readTlsFiles(env.DOCKER_CERT_PATH || dockerConfigDir(env, home)) };
}

/** How ssh:// hosts authenticate: the ssh agent when there is one, and the user's default key. */
export interface SshIdentity {
  agent?: string;
  privateKey?: Buffer;
}

function sshIdentity(env: NodeJS.ProcessEnv, home: string): SshIdentity {
  const identity: SshIdentity = { agent: env.SSH_AUTH_SOCK || undefined };
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const file = join(home, '.ssh', name);
    const key = readKeyFile(file);
    if (key) {
      identity.privateKey = key;
      break;
    }
  }
  return identity;
}

function readTlsFiles(dir: string | undefined): Omit<TlsMaterial, 'verify'> {
  if (!dir) return {};
  const read = (name: string): Buffer | undefined => {
    const file = join(dir, name);
    if (!existsSync(file)) return undefined;
    const material = readKeyFile(file);
    if (!material) throw new DockerConfigError(`The TLS file ${file} is not a regular file of at most 1 MiB. Check DOCKER_CERT_PATH or the docker context's TLS folder.`);
    return material;
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG || join(home, '.docker');
}

/** The current docker context (DOCKER_CONTEXT, then config.json's currentContext), unless `default`. */
function currentContext(env: NodeJS.ProcessEnv, home: string, ssh: SshIdentity): DockerTarget | { warning?: string } {
  const configDir = dockerConfigDir(env, home);
  let name = env.DOCKER_CONTEXT?.trim();
  let warning: string | undefined;
  if (!name) {
    const configFile = join(configDir, 'config.json');
    const config = readJsonFile(configFile);
    if (config.kind === 'json') {
      const current = (config.value as { currentContext?: unknown } | null)?.currentContext;
      if (typeof current === 'string') name = current;
    } else if (config.kind === 'invalid') {
      // As the docker CLI does: warn, and go on with the default engine.
      warning = `The docker CLI config ${configFile} is not valid JSON (${config.detail}), so its current context is ignored, as the docker CLI does. Fix or remove the file.`;
    }
  }
  if (!name || name === 'default') return { warning };
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const read = readJsonFile(metaFile);
  if (read.kind === 'missing') {
    throw new DockerConfigError(
      `Docker context "${name}" is selected but its metadata was not found in ${join(configDir, 'contexts', 'meta')}. ` +
        'Run `docker context use default` or set stevedore.dockerHost.',
    );
  }
  if (read.kind === 'invalid') {
    throw new DockerConfigError(
      `Docker context "${name}" is selected but its metadata ${metaFile} is ${read.detail === 'unreadable' ? 'unreadable' : `not valid JSON (${read.detail})`}. ` +
        'Recreate the context (`docker context rm` then `docker context create`), run `docker context use default`, or set stevedore.dockerHost.',
    );
  }
  const meta = (read.value ?? {}) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  const endpoint = meta.Endpoints?.docker;
  const host = typeof endpoint?.Host === 'string' ? endpoint.Host : undefined;
  if (!host) return {};
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const tls: TlsMaterial | undefined = existsSync(tlsDir)
    ? { verify: endpoint?.SkipTLSVerify !== true, ...readTlsFiles(tlsDir) }
    : undefined;
  return { host, source: 'context', contextName: name, options: optionsForHost(host, tls, ssh) };
}

/**
 * A key or certificate: only a regular file of at most MAX_CONFIG_BYTES
 * (a FIFO would block, a folder throw EISDIR).
 */
function readKeyFile(file: string): Buffer | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() && stat.size <= MAX_CONFIG_BYTES ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Bigger than any real docker config or context metadata: a bound on what is read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * A JSON file: its value, `missing`, or `invalid` with a short reason (never the file's content: a
 * config file may hold credentials).
 */
function readJsonFile(file: string): { kind: 'json'; value: unknown } | { kind: 'missing' } | { kind: 'invalid'; detail: string } {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { kind: 'invalid', detail: 'not a regular file' };
    if (stat.size > MAX_CONFIG_BYTES) return { kind: 'invalid', detail: 'larger than 1 MiB' };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'invalid', detail: code === 'EACCES' ? 'permission denied' : 'unreadable' };
  }
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (error) {
    // V8's message names the position and, in newer versions, quotes part of the text: keep only where.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return { kind: 'invalid', detail: position ? `a syntax error at character ${position}` : 'a syntax error' };
  }
}

export class DockerConfigError extends Error {
  override name = 'DockerConfigError';
}

/** Turn a Docker host URL into dockerode options. Throws DockerConfigError on a host it cannot use. */
export function optionsForHost(host: string, tls?: TlsMaterial, ssh: SshIdentity = {}): DockerOptions {
  const match = /^([a-z]+):\/\/(.*)$/i.exec(host);
  if (!match) {
    // The docker CLI accepts a bare path as a unix socket.
    if (host.startsWith('/')) return { socketPath: host };
    throw new DockerConfigError(`Unsupported Docker host "${host}": use unix://, tcp://, ssh:// or npipe://.`);
  }
  const scheme = match[1].toLowerCase();
  const rest = match[2];
  switch (scheme) {
    case 'unix':
      return { socketPath: rest || DEFAULT_UNIX_SOCKET };
    case 'npipe':
      return { socketPath: rest.replace(/\//g, '\\') || DEFAULT_WINDOWS_PIPE };
    case 'tcp':
    case 'http':
    case 'https': {
      const url = new URL(`${scheme === 'https' ? 'https' : 'http'}://${rest}`);
      const useTls = scheme === 'https' || tls?.verify === true || Boolean(tls?.cert);
      const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
      const options: DockerOptions = { host: url.hostname, port, protocol: useTls ? 'https' : 'http' };
      if (useTls && tls) {
        options.ca = tls.ca;
        options.cert = tls.cert;
        options.key = tls.key;
      }
      return options;
    }
    case 'ssh': {
      const url = new URL(host);
      return {
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        protocol: 'ssh',
        username: url.username ? decodeURIComponent(url.username) : undefined,
        // docker-modem runs `docker system dial-stdio` on the remote host over this connection.
        sshOptions: { agent: ssh.agent, privateKey: ssh.privateKey, readyTimeout: 10_000 },
      } as DockerOptions;
    }
    default:
      throw new DockerConfigError(`Unsupported Docker host scheme "${scheme}://" in "${host}": use unix://, tcp://, ssh:// or npipe://.`);
  }
}

/**
 * Create a dockerode client for the target, every request bounded in time and size (./requests).
 * dockerode loads lazily: it is heavy.
 */
export function createDockerClient(target: DockerTarget, limits: RequestLimits = requestLimitsFromEnv()): Docker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const DockerCtor = require('dockerode') as typeof Docker;
  const how = `${target.settingName ?? 'the stevedore.dockerHost setting'} or DOCKER_HOST`;
  return boundRequests(new DockerCtor(target.options), { host: target.host, from: whereFrom(target), how }, limits);
}

function whereFrom(target: DockerTarget): string {
  switch (target.source) {
    case 'setting':
      return `from ${target.settingName ?? 'stevedore.dockerHost'}`;
    case 'DOCKER_HOST':
      return 'from DOCKER_HOST';
    case 'context':
      return `from docker context "${target.contextName}"`;
    default:
      return 'the default';
  }
}

/** One clear sentence for an engine that cannot be reached: which host, from where, what to do. */
export function unreachableMessage(target: DockerTarget, cause?: unknown): string {
  // It answered, but not as an engine should (silent, too much, not an engine): that message says so.
  if (cause instanceof DockerEngineError) return cause.message;
  const detail = cause instanceof Error ? describeCause(cause) : '';
  return (
    `Docker engine not reachable at ${target.host} (${whereFrom(target)})${detail ? `: ${detail}` : ''}. ` +
    'Is Docker (or Podman\'s Docker-compatible socket) running? Start it, or point Stevedore at it with ' +
    `${target.settingName ?? 'the stevedore.dockerHost setting'} or DOCKER_HOST.` +
    (target.warning ? ` Note: ${target.warning}` : '')
  );
}

function describeCause(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'the socket does not exist';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EACCES':
      return 'permission denied (is your user in the docker group?)';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ENOTFOUND':
      return 'host not found';
    default:
      return code ? `${code}` : error.message;
  }
}

export class DockerUnreachableError extends Error {
  override name = 'DockerUnreachableError';
  constructor(
    readonly target: DockerTarget,
    readonly causeError?: unknown,
  ) {
    super(unreachableMessage(target, causeError));
  }
}

/** True for errors that mean "no engine there" rather than "the engine said no". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ETIMEDOUT' ||
    code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH';
}

/** Connect and ping: resolves with a client or rejects with a DockerUnreachableError. */
export async function connectDocker(
  input: ResolveInput = {},
  timeoutMs = 3000,
  limits: RequestLimits = requestLimitsFromEnv(),
): Promise<{ docker: Docker; target: DockerTarget }> {
  const target = resolveDockerTarget(input);
  const docker = createDockerClient(target, limits);
  try {
    await pingDocker(docker, timeoutMs);
  } catch (error) {
    throw new DockerUnreachableError(target, error);
  }
  return { docker, target };
}

/**
 * Ping the engine, failing with ETIMEDOUT after `timeoutMs`. The request is aborted then, not just
 * abandoned: a socket to a peer that never answers would keep a CLI process alive after its error.
 */
export function pingDocker(docker: Docker, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  const ping = docker.ping as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
      controller.abort();
    }, timeoutMs);
    ping.call(docker, { abortSignal: controller.signal }).then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
