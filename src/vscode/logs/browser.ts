// "Open in browser": the HTTP ports a service's running containers publish on the host, opened with
// vscode.env.openExternal (the port chosen when there are several).
import * as vscode from 'vscode';
import type { DockerTarget } from '../../docker/connection';
import { listServiceContainers, publishedPorts, type PublishedPort } from '../../stats';
import { chooseProject, chooseService, dockerFor, parseTargetArgs, refuseUntrusted } from './target';

/** Where a published port is reached: the engine's host for a remote engine, else this machine. */
export function portUrl(port: PublishedPort, engine: DockerTarget): string {
  let host = '127.0.0.1';
  const match = /^(?:tcp|ssh|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(engine.host);
  if (match) host = match[1];
  else if (port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::') host = port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `http://${host}:${port.publicPort}/`;
}

export async function openInBrowser(rawArgs: unknown): Promise<string | undefined> {
  if (await refuseUntrusted('open a container\'s ports')) return undefined;
  const args = parseTargetArgs(rawArgs);
  const target = await chooseProject(args);
  if (!target) return undefined;
  const service = await chooseService(target, args, 'Open which service in the browser?');
  if (!service) return undefined;
  const { docker, engine } = dockerFor(target);
  let ports: PublishedPort[];
  try {
    const containers = (await listServiceContainers(docker, target.project))
      .filter((c) => c.service === service && c.state === 'running' && (!args.containerId || c.containerId.startsWith(args.containerId)));
    ports = await publishedPorts(docker, containers.map((c) => c.containerId));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not read the ports of "${service}": ${(error as Error).message}`);
    return undefined;
  }
  if (ports.length === 0) {
    void vscode.window.showInformationMessage(`"${service}" publishes no TCP port on the host: add "ports:" to it in the compose file, then recreate it.`);
    return undefined;
  }
  let port = ports[0];
  if (ports.length > 1) {
    const picked = await vscode.window.showQuickPick(
      ports.map((p) => ({ label: portUrl(p, engine), description: `container port ${p.privatePort}`, port: p })),
      { title: `Open which port of ${service}?` },
    );
    if (!picked) return undefined;
    port = picked.port;
  }
  const url = portUrl(port, engine);
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}
