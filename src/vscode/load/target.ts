// Which service a load test is about and where its traffic goes: from a Container stats row (its
// project and service) or picked from the palette; the URLs are the ports the service's running
// replicas publish on the host (the same reading as "Open in browser").
import * as vscode from 'vscode';
import { isConnectionError, unreachableMessage } from '../../docker/connection';
import { listServiceContainers, publishedPorts, type PublishedPort } from '../../stats';
import type { LoadTargetChoice } from '../../shared/protocol/load';
import { portUrl } from '../logs/browser';
import { chooseProject, dockerFor, type ProjectTarget, type TargetArgs } from '../logs/target';

export interface ServiceTarget {
  target: ProjectTarget;
  service: string;
  /** One per published TCP port of the running replicas. */
  choices: LoadTargetChoice[];
  /** The host ports of every service of the project: the workspace's own, allowed without asking. */
  workspacePorts: number[];
  memoryLimitBytes: number | null;
}

/** A service of the project: the named one, or the user's pick (running ones first). */
async function chooseLoadService(
  target: ProjectTarget,
  args: TargetArgs,
  running: Set<string>,
): Promise<string | undefined> {
  const services = target.project.services.map((service) => service.name);
  if (args.service && services.includes(args.service)) return args.service;
  const items = services
    .map((name) => ({ label: name, description: running.has(name) ? 'running' : 'not running' }))
    .sort((a, b) => Number(running.has(b.label)) - Number(running.has(a.label)));
  return (await vscode.window.showQuickPick(items, { title: 'Load test which service?', placeHolder: 'A service that publishes an HTTP port' }))?.label;
}

/**
 * Resolve the service and its URLs, under a progress notification that can be cancelled (a slow
 * engine must not hold the command). Says what to do when something is missing; undefined then.
 */
export async function resolveServiceTarget(args: TargetArgs): Promise<ServiceTarget | undefined> {
  const target = await chooseProject(args);
  if (!target) return undefined;
  const { docker, engine } = dockerFor(target);
  let containers: Awaited<ReturnType<typeof listServiceContainers>>;
  try {
    containers = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading the services of ${target.project.name}…`, cancellable: true },
      (_progress, token) => Promise.race([
        listServiceContainers(docker, target.project),
        new Promise<never>((_resolve, reject) =>
          token.onCancellationRequested(() => reject(new vscode.CancellationError()))),
      ]),
    );
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    const why = isConnectionError(error) ? unreachableMessage(engine, error) : `The Docker engine at ${engine.host} answered: ${(error as Error).message}`;
    void vscode.window.showErrorMessage(`Load test: ${why}`);
    return undefined;
  }
  const running = containers.filter((c) => c.state === 'running');
  const service = await chooseLoadService(target, args, new Set(running.map((c) => c.service)));
  if (!service) return undefined;
  const replicas = running
    .filter((c) => c.service === service && (!args.containerId || c.containerId.startsWith(args.containerId)));
  if (replicas.length === 0) {
    void vscode.window.showWarningMessage(`Load test: "${service}" (${target.project.name}) has no running container. Start it first (the ▷ of its row in Container stats).`);
    return undefined;
  }
  let ports: PublishedPort[];
  let allPorts: PublishedPort[];
  try {
    ports = await publishedPorts(docker, replicas.map((c) => c.containerId));
    allPorts = await publishedPorts(docker, running.map((c) => c.containerId));
  } catch (error) {
    void vscode.window.showErrorMessage(`Load test: could not read the ports of "${service}": ${(error as Error).message}`);
    return undefined;
  }
  if (ports.length === 0) {
    void vscode.window.showWarningMessage(
      `Load test: "${service}" publishes no TCP port on the host, so there is nothing to send requests to. `
      + 'Add "ports:" to it in the compose file (e.g. "127.0.0.1::8080"), then recreate it.');
    return undefined;
  }
  const declared = target.project.services.find((s) => s.name === service)?.declared.memoryLimitBytes;
  return {
    target,
    service,
    choices: ports.map((port) => ({ url: portUrl(port, engine), description: `container port ${port.privatePort}` })),
    workspacePorts: [...new Set(allPorts.map((port) => port.publicPort))],
    memoryLimitBytes: declared && declared > 0 ? declared * replicas.length : null,
  };
}
