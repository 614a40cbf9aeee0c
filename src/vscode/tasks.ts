// The `stevedore` task type (package.json taskDefinitions): "lint all Dockerfiles" and "analyze
// image with CI rules" for each workspace folder, in Terminal > Run Task and in tasks.json. Both run
// inside the extension host (nothing to install) and print what `stevedore lint --format tty` and
// `stevedore analyze --ci` print, so the $stevedore problem matcher fills the Problems view and a
// failing rule fails the task. The work itself loads with its feature's bundle when the task runs.
import * as vscode from 'vscode';

export interface StevedoreTaskDefinition extends vscode.TaskDefinition {
  type: 'stevedore';
  command: 'lint' | 'analyze';
  /** lint: glob patterns relative to the folder (default: every Dockerfile and Containerfile). */
  files?: string[];
  /** analyze: the image; none: pick one when the task runs. */
  image?: string;
}

/** What runs a task: a terminal doing the work (from the dockerfile or image bundle). */
export type TaskRunner = (folder: vscode.WorkspaceFolder, definition: StevedoreTaskDefinition) => vscode.Pseudoterminal;

export const TASK_TYPE = 'stevedore';

/** A task definition from tasks.json, checked: anything else is not ours to run. */
export function taskDefinitionOf(value: vscode.TaskDefinition): StevedoreTaskDefinition | undefined {
  if (value.type !== TASK_TYPE || (value.command !== 'lint' && value.command !== 'analyze')) return undefined;
  const files = Array.isArray(value.files) && value.files.every((file) => typeof file === 'string') ? (value.files as string[]) : undefined;
  const image = typeof value.image === 'string' && value.image.trim() ? value.image.trim() : undefined;
  return { type: TASK_TYPE, command: value.command, ...(files ? { files } : {}), ...(image ? { image } : {}) };
}

type Runners = Record<'lint' | 'analyze', TaskRunner>;

function taskFor(folder: vscode.WorkspaceFolder, definition: StevedoreTaskDefinition, run: Runners): vscode.Task {
  const name = definition.command === 'lint' ? 'lint all Dockerfiles' : `analyze image with CI rules${definition.image ? `: ${definition.image}` : ''}`;
  const task = new vscode.Task(
    definition, folder, name, 'stevedore',
    new vscode.CustomExecution(async (resolved) => {
      const given = taskDefinitionOf(resolved) ?? definition;
      return run[given.command](folder, given);
    }),
    definition.command === 'lint' ? ['$stevedore'] : [],
  );
  task.group = definition.command === 'lint' ? vscode.TaskGroup.Test : undefined;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  return task;
}

export function registerTaskProvider(run: Record<'lint' | 'analyze', TaskRunner>): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () =>
      (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => [
        taskFor(folder, { type: TASK_TYPE, command: 'lint' }, run),
        taskFor(folder, { type: TASK_TYPE, command: 'analyze' }, run),
      ]),
    resolveTask: (task) => {
      const definition = taskDefinitionOf(task.definition);
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      if (!definition || !folder) return undefined;
      const resolved = taskFor(folder, definition, run);
      // tasks.json keeps its own definition object (and the problem matchers it names).
      return new vscode.Task(task.definition, folder, task.name, 'stevedore', resolved.execution, task.problemMatchers.length ? task.problemMatchers : resolved.problemMatchers);
    },
  });
}
