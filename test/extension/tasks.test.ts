// The `stevedore` task type in a real VS Code: Terminal > Run Task offers "lint all Dockerfiles" and
// "analyze image with CI rules" for the folder, and the lint task's output, read by the $stevedore
// problem matcher, fills the Problems view with the same problems the editor shows for the file.
// Also: the walkthrough is registered and opens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { demoFile, driver, stevedore, waitFor } from './helpers';

const EDITOR_SOURCES = new Set(['hadolint', 'buildkit', 'stevedore', 'shellcheck']);

/** A problem as the Problems view lists it: position, the rule's own code, severity, message. */
function problem(diagnostic: vscode.Diagnostic): string {
  const raw = typeof diagnostic.code === 'object' && diagnostic.code !== null ? String(diagnostic.code.value) : String(diagnostic.code);
  const { line, character } = diagnostic.range.start;
  return `${line + 1}:${character + 1} ${raw.split(' / ')[0]} ${vscode.DiagnosticSeverity[diagnostic.severity]} ${diagnostic.message}`;
}

/** The diagnostics of `uri` once they stop changing (ShellCheck's join the rules' a moment later). */
async function settled(uri: vscode.Uri, keep: (diagnostic: vscode.Diagnostic) => boolean): Promise<string[]> {
  let last = '';
  let stableSince = Date.now();
  return waitFor(async () => {
    const now = vscode.languages.getDiagnostics(uri).filter(keep).map(problem).sort();
    const key = now.join('\n');
    if (key !== last) {
      last = key;
      stableSince = Date.now();
      return undefined;
    }
    return now.length > 0 && Date.now() - stableSince > 1500 ? now : undefined;
  }, `settled diagnostics on ${uri.toString(true)}`, 45_000);
}

export default function register(): void {
  describe('tasks: the stevedore task type and its problem matcher in a real VS Code', function () {
    this.timeout(120_000);

    before(async () => {
      await stevedore();
    });

    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('offers "lint all Dockerfiles" and "analyze image with CI rules" for the workspace folder', async () => {
      const tasks = await vscode.tasks.fetchTasks({ type: 'stevedore' });
      const names = tasks.map((task) => `${task.source}: ${task.name}`).sort();
      assert.deepEqual(names, ['stevedore: analyze image with CI rules', 'stevedore: lint all Dockerfiles']);
      const lintTask = tasks.find((task) => task.definition.command === 'lint')!;
      assert.equal(typeof lintTask.scope, 'object', 'scoped to the workspace folder');
    });

    it('the lint task fills the Problems view with the problems the editor shows, through $stevedore', async () => {
      const uri = demoFile('Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const editor = await settled(uri, (diagnostic) => EDITOR_SOURCES.has(diagnostic.source ?? ''));
      const task = (await vscode.tasks.fetchTasks({ type: 'stevedore' })).find((candidate) => candidate.definition.command === 'lint')!;
      const ended = new Promise<number | undefined>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((event) => {
          if (event.execution.task.definition.type !== 'stevedore') return;
          listener.dispose();
          resolve(event.exitCode);
        });
      });
      await vscode.tasks.executeTask(task);
      // The demo has findings at the default failure threshold (info): the task fails, as hadolint would.
      assert.equal(await ended, 1);
      const fromTask = await settled(uri, (diagnostic) => diagnostic.source === 'stevedore lint');
      assert.deepEqual(fromTask, editor);
      // Every demo Dockerfile is linted, not only the open one.
      await waitFor(
        () => vscode.languages.getDiagnostics(demoFile('api.Dockerfile')).some((diagnostic) => diagnostic.source === 'stevedore lint'),
        'task problems on api.Dockerfile',
      );
    });

    it('registers the Getting Started walkthrough, which opens', async () => {
      const extension = vscode.extensions.getExtension('stevedore-dev.stevedore')!;
      const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs: Array<{ id: string; steps: Array<{ id: string; completionEvents: string[] }> }> } }).contributes.walkthroughs;
      assert.deepEqual(walkthroughs[0].steps.map((step) => step.id), ['lint', 'analyze', 'stats', 'connect']);
      for (const step of walkthroughs[0].steps) assert.ok(step.completionEvents.length > 0, step.id);
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `stevedore-dev.stevedore#${walkthroughs[0].id}`, false);
      const labels = (): string => vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => `${tab.label} (${tab.input?.constructor.name ?? 'no input'})`).join(', ');
      await waitFor(() => /welcome|get started|walkthrough/i.test(labels()), `the walkthrough tab (tabs: ${labels()})`, 10_000)
        .catch((error: Error) => {
          throw new Error(`${error.message}; tabs now: ${labels()}`);
        });
      // The command the "apply a fix" step completes on is registered (quick fixes run it after their edit).
      assert.ok((await vscode.commands.getCommands(true)).includes('stevedore.lint.fixApplied'));
    });

    it('the status bar item\'s command opens the Problems view filtered to the active Dockerfile', async () => {
      // Two Dockerfiles with problems, one of them active: the filtered view shows only its share.
      const other = demoFile('api.Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), { preview: false });
      await settled(other, (diagnostic) => EDITOR_SOURCES.has(diagnostic.source ?? ''));
      const uri = demoFile('Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      await settled(uri, (diagnostic) => EDITOR_SOURCES.has(diagnostic.source ?? ''));
      assert.ok((await vscode.commands.getCommands(true)).includes('stevedore.lint.showFileProblems'));
      await vscode.commands.executeCommand('stevedore.lint.showFileProblems');
      // The view's filter badge, as the workbench draws it once "Show Active File Only" is on.
      await driver({ action: 'waitForText', text: 'Showing ' });
      // A second click keeps the filter (it is not toggled back off).
      await vscode.commands.executeCommand('stevedore.lint.showFileProblems');
      await driver({ action: 'waitForText', text: 'Showing ' });
    });
  });
}
