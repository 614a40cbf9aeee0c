// A dockerode client that a monitor or exporter owns, with its own keep-alive HTTP agent so that
// dispose() closes the connections it pooled. Through Node's global agent (keep-alive by default
// since Node 19) a disposed monitor's idle sockets stayed open until the agent's 5 s free-socket
// timeout, and were shared with whatever else the process asked the engine.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type Docker from 'dockerode';
import { createDockerClient, type DockerTarget } from '../docker/connection';

export interface OwnedDockerClient {
  docker: Docker;
  /** Close every socket the client's agent holds, idle or in use (streams end). */
  dispose(): void;
}

/**
 * A client for `target` with an agent of its own: unix sockets, named pipes and plain tcp get an
 * http.Agent, TLS an https.Agent (docker-modem hands the certificates with each request). ssh:// keeps
 * docker-modem's own agent (a new ssh connection per request), so there is nothing pooled to close.
 */
export function ownedDockerClient(target: DockerTarget): OwnedDockerClient {
  const options = target.options;
  if (options.protocol === 'ssh') return { docker: createDockerClient(target), dispose: () => undefined };
  // As Node's global agent: idle sockets close after 5 s, the most recently used is reused first.
  const settings = { keepAlive: true, timeout: 5000, scheduling: 'lifo' as const };
  const agent = options.protocol === 'https' ? new HttpsAgent(settings) : new HttpAgent(settings);
  // dockerode's types leave out docker-modem's `agent` option, which it passes to every request.
  const withAgent: Docker.DockerOptions & { agent: HttpAgent } = { ...options, agent };
  const docker = createDockerClient({ ...target, options: withAgent });
  return { docker, dispose: () => agent.destroy() };
}
