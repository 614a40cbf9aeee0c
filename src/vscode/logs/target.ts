// Which compose project (and service, replica) a log view, shell or browser command is about: from a
// Container stats row (its project and service), or asked with quick picks from the command palette.
import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { createDockerClient, resolveDockerTarget, type DockerTarget } from '../../docker/connection';
import { listServiceContainers, loadComposeProject, type ComposeProject, type ServiceContainer } from '../../stats';

/** What a command may be given: a stats row's context (webview/context menu) or a call from another feature. */
export interface TargetArgs {
  project?: string;
  service?: string;
  containerId?: string;
  /** Only these levels (the error count opens the view with ['error']). */
  levels?: string[];
}

export interface ProjectTarget {
  folder: vscode.WorkspaceFolder;
  project: ComposeProject;
  files: string[];
  projectName?: string;
  dockerHost: string;
}

export function parseTargetArgs(value: unknown): TargetArgs {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof record[key] === 'string' && (record[key] as string).length > 0 && (record[key] as string).length <= 256 ? (record[key] as string) : undefined;
  const levels = Array.isArray(record.levels) ? record.levels.filter((level): level is string => typeof level === 'string') : undefined;
  return { project: text('project'), service: text('service'), containerId: text('containerId'), ...(levels ? { levels } : {}) };
}

function composeSettings(folder: vscode.WorkspaceFolder): { files: string[]; projectName?: string } {
  const compose = vscode.workspace.getConfiguration('stevedore.compose', folder.uri);
  const files = compose.get<unknown>('files', []);
  const name = compose.get<unknown>('projectName', '');
  return {
    files: Array.isArray(files) ? files.filter((file): file is string => typeof file === 'string' && file.trim() !== '') : [],
    ...(typeof name === 'string' && name.trim() ? { projectName: name.trim() } : {}),
  };
}

/** Every workspace folder's compose project (folders without one are left out), with why when none has one. */
export function workspaceProjects(): { projects: ProjectTarget[]; problem?: string } {
  const projects: ProjectTarget[] = [];
  let problem: string | undefined;
  const dockerHost = vscode.workspace.getConfiguration('stevedore').get<string>('dockerHost', '');
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const settings = composeSettings(folder);
    try {
      const { files, projectName } = settings;
      const project = loadComposeProject({ folder: folder.uri.fsPath, files, projectName });
      projects.push({ folder, project, ...settings, dockerHost });
    } catch (error) {
      problem ??= (error as Error).message;
    }
  }
  if (projects.length === 0) problem ??= 'Open a folder that holds a compose file to see its logs.';
  return { projects, ...(projects.length ? {} : { problem }) };
}

/** The project a command is about: the named one, the only one, or the user's pick. */
export async function chooseProject(args: TargetArgs): Promise<ProjectTarget | undefined> {
  const { projects, problem } = workspaceProjects();
  if (problem) {
    void vscode.window.showWarningMessage(problem);
    return undefined;
  }
  if (args.project) {
    const named = projects.find((p) => p.project.name === args.project);
    if (named) return named;
  }
  if (projects.length === 1) return projects[0];
  const picked = await vscode.window.showQuickPick(
    projects.map((target) => ({ label: target.project.name, description: target.folder.name, target })),
    { title: 'Which compose project?' },
  );
  return picked?.target;
}

export function dockerFor(target: ProjectTarget): { docker: Docker; engine: DockerTarget } {
  const engine = resolveDockerTarget({ setting: target.dockerHost });
  return { docker: createDockerClient(engine), engine };
}

/** A service of the project: the named one or the user's pick among its services. */
export async function chooseService(
  target: ProjectTarget,
  args: TargetArgs,
  title: string,
): Promise<string | undefined> {
  const services = target.project.services.map((service) => service.name);
  if (args.service && services.includes(args.service)) return args.service;
  return vscode.window.showQuickPick(services, { title, placeHolder: 'Service' });
}

/** A running replica of the service: the given one, the only one, or the user's pick. */
export async function chooseReplica(
  docker: Docker,
  target: ProjectTarget,
  service: string,
  containerId: string | undefined,
): Promise<ServiceContainer | undefined> {
  const running = (await listServiceContainers(docker, target.project)).filter((c) => c.service === service && c.state === 'running');
  if (containerId) {
    const given = running.find((c) => c.containerId.startsWith(containerId));
    if (given) return given;
  }
  if (running.length === 0) {
    void vscode.window.showWarningMessage(`"${service}" (${target.project.name}) has no running container: start it first.`);
    return undefined;
  }
  if (running.length === 1) return running[0];
  const picked = await vscode.window.showQuickPick(
    running.map((container) => ({ label: container.container, description: `replica ${container.number}`, container })),
    { title: `Which replica of ${service}?` },
  );
  return picked?.container;
}

/** Shell and browser run things: refused in Restricted mode, with the way out. */
export async function refuseUntrusted(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return false;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(`Stevedore does not ${what} in Restricted mode. Trust this workspace first.`, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return true;
}
