// ShellCheck inside RUN in a real VS Code: SC findings at the variable, shown after the rules'
// findings without holding them up, dropped when the text changes before ShellCheck answers.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { stevedore, waitFor } from './helpers';

/** The finding's own code (a twin's diagnostic reads `DL4000 / MaintainerDeprecated`). */
function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return (typeof code === 'object' && code !== null ? String(code.value) : String(code)).split(' / ')[0];
}

function shown(uri: vscode.Uri, source: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === source);
}

async function untitled(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content });
  await vscode.window.showTextDocument(document);
  return document;
}

export default function register(): void {
  describe('shellcheck: SC findings inside RUN in a real VS Code', function () {
    this.timeout(120_000);
    let dir: string;

    before(async () => {
      await stevedore();
      dir = mkdtempSync(join(tmpdir(), 'stevedore-test-shellcheck-ext-'));
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    afterEach(async () => {
      await vscode.workspace.getConfiguration('stevedore.lint').update('shellcheckPath', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('shows SC2086 at the unquoted variable\'s column, with its code, link and an ignore action', async () => {
      const document = await untitled('FROM busybox:1.36\nRUN echo $name \\\n    && rm -rf $target\n');
      const sc2086 = await waitFor(() => {
        const found = shown(document.uri, 'shellcheck').filter((diagnostic) => codeOf(diagnostic) === 'SC2086');
        return found.length === 2 ? found : undefined;
      }, 'two SC2086 diagnostics');
      const ranges = sc2086.map((diagnostic) => [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character]);
      assert.deepEqual(ranges.sort(), [[1, 9, 14], [2, 14, 21]]);
      assert.equal(sc2086[0].severity, vscode.DiagnosticSeverity.Information);
      assert.match(sc2086[0].message, /Double quote to prevent globbing/);
      const code = sc2086[0].code as { value: string; target: vscode.Uri };
      assert.equal(code.target.toString(), 'https://www.shellcheck.net/wiki/SC2086');
      // hadolint's pragmas silence SC codes too, so the ignore quick fixes are offered.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, sc2086[0].range);
      assert.ok(actions.some((action) => action.title.includes('SC2086')), actions.map((action) => action.title).join(', '));
    });

    it('never holds up the other findings, and drops a run whose text changed before it answered', async () => {
      const slow = join(dir, 'slow-shellcheck');
      // A ShellCheck that takes 4 seconds to answer; each start is logged.
      writeFileSync(slow, `#!/bin/sh\necho start >> '${join(dir, 'starts.log')}'\nsleep 4\nexec shellcheck "$@"\n`);
      chmodSync(slow, 0o755);
      await vscode.workspace.getConfiguration('stevedore.lint').update('shellcheckPath', slow, vscode.ConfigurationTarget.Global);
      const document = await untitled('FROM busybox:1.36\nMAINTAINER ops@example.com\nRUN echo $first\n');
      const started = Date.now();
      await waitFor(() => shown(document.uri, 'hadolint').find((diagnostic) => codeOf(diagnostic) === 'DL4000'), 'DL4000 from the rules');
      assert.ok(Date.now() - started < 3_000, 'the rules\' findings did not wait for ShellCheck');
      assert.equal(shown(document.uri, 'shellcheck').length, 0);
      // Edit while ShellCheck still works on the old text: the old answer never shows.
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      await editor.edit((edit) => edit.replace(new vscode.Range(2, 9, 2, 15), '$second'));
      const second = await waitFor(
        () => shown(document.uri, 'shellcheck').find((diagnostic) => codeOf(diagnostic) === 'SC2086'), 'SC2086 for the edited text', 20_000,
      );
      assert.deepEqual([second.range.start.line, second.range.start.character, second.range.end.character], [2, 9, 16]);
      assert.ok(!shown(document.uri, 'shellcheck').some((diagnostic) => diagnostic.message.includes('first')));
    });

    it('a shellcheckPath that does not exist: the rules still lint and nothing breaks (the reason goes to a warning and the log)', async () => {
      await vscode.workspace.getConfiguration('stevedore.lint').update('shellcheckPath', join(dir, 'no-such-shellcheck'), vscode.ConfigurationTarget.Global);
      const document = await untitled('FROM busybox:1.36\nMAINTAINER ops@example.com\nRUN echo $missing\n');
      await waitFor(() => shown(document.uri, 'hadolint').find((diagnostic) => codeOf(diagnostic) === 'DL4000'), 'DL4000 from the rules');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(shown(document.uri, 'shellcheck').length, 0);
    });
  });
}
