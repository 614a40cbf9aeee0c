// Dockerfile diagnostics in a real VS Code: what opening the demo Dockerfile shows, quick fixes and
// fix-all changing the text, ignore pragmas, hover, typing, configuration and "Lint workspace".
// Edits happen in untitled documents or files the tests create in the (copied) demo workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lint, ruleByCode, type Finding } from '../../src/dockerfile';
import { fixUntilStable } from '../../src/dockerfile/fixes';
import { demoFile, stevedore, waitFor } from './helpers';

const SOURCES = new Set(['hadolint', 'buildkit', 'stevedore']);

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source && SOURCES.has(diagnostic.source));
}

/** The code as shown: `DL3025 / JSONArgsRecommended` where hadolint and BuildKit both report the problem. */
function shownCodeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** The finding's own code (before ` / `). */
function codeOf(diagnostic: vscode.Diagnostic): string {
  return shownCodeOf(diagnostic).split(' / ')[0];
}

/** `CODE@line` (1-based), the way a user reads the Problems panel. */
function atLines(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${codeOf(diagnostic)}@${diagnostic.range.start.line + 1}`);
}

async function untitled(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content });
  await vscode.window.showTextDocument(document);
  return document;
}

async function codeActions(document: vscode.TextDocument, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, kind)) ?? [];
}

async function diagnosticsWith(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitFor(() => ours(uri).find((diagnostic) => codeOf(diagnostic) === code), `a ${code} diagnostic on ${uri.toString(true)}`);
}

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export default function register(): void {
  describe('dockerfile: diagnostics, fixes and hovers in a real VS Code', function () {
    this.timeout(120_000);

    before(async () => {
      await stevedore();
    });

    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('shows the engine\'s findings when demo/Dockerfile opens, with codes, links, sources and severities', async () => {
      const uri = demoFile('Dockerfile');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const text = document.getText();
      // demo/Dockerfile: MAINTAINER on line 3, `WORKDIR app` on 6, `ENV API_TOKEN=...` on 10, `CMD npm start` on 13.
      // BuildKit twins of hadolint rules (MaintainerDeprecated, WorkdirRelativePath, SecretsUsedInArgOrEnv,
      // JSONArgsRecommended) report once, as DLxxxx naming both (`DL3025 / JSONArgsRecommended`).
      const expected = ['DL4000@3', 'DL3000@6', 'DL3064@10', 'DL3025@13'];
      const shown = await waitFor(() => {
        const lines = atLines(ours(uri));
        return expected.every((item) => lines.includes(item)) ? ours(uri) : undefined;
      }, `${expected.join(', ')} on demo/Dockerfile`);

      // Exactly what the engine finds for that text, context and configuration.
      const dockerignore = new TextDecoder().decode(await vscode.workspace.fs.readFile(demoFile('.dockerignore')));
      const findings: Finding[] = lint(text, { dockerignore }).findings;
      assert.deepEqual([...atLines(shown)].sort(), findings.map((f) => `${f.code}@${f.range.start.line + 1}`).sort());
      const severity = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information, style: vscode.DiagnosticSeverity.Information };
      for (const finding of findings) {
        const diagnostic = shown.find((d) => codeOf(d) === finding.code && d.range.start.line === finding.range.start.line && d.range.start.character === finding.range.start.character);
        assert.ok(diagnostic, `${finding.code} at ${finding.range.start.line + 1}:${finding.range.start.character + 1}`);
        assert.equal(diagnostic.source, finding.source);
        assert.equal(diagnostic.severity, severity[finding.severity], `${finding.code} is ${finding.severity}`);
        assert.equal(diagnostic.message, finding.message);
        const code = diagnostic.code as { value: string; target: vscode.Uri };
        assert.equal(code.target.toString(), vscode.Uri.parse(finding.docUrl).toString(), `${finding.code} links its rule page`);
        assert.equal(shownCodeOf(diagnostic), finding.twin ? `${finding.code} / ${finding.twin}` : finding.code, 'twins name both rules');
        assert.equal(diagnostic.range.end.line, finding.range.end.line);
        assert.equal(diagnostic.range.end.character, finding.range.end.character);
      }
    });

    it('re-lints as you type, after a short pause', async () => {
      const document = await untitled('FROM busybox:1.36\nCMD echo hi\n');
      await diagnosticsWith(document.uri, 'DL3025');
      assert.ok(!atLines(ours(document.uri)).some((item) => item.startsWith('DL4000')));
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'MAINTAINER ops@example.com\n'));
      await diagnosticsWith(document.uri, 'DL4000');
      assert.ok(atLines(ours(document.uri)).includes('DL4000@2'));
      assert.ok(atLines(ours(document.uri)).includes('DL3025@3'), 'the CMD finding moved down with its line');
    });

    it('applies a quick fix: "Replace MAINTAINER with LABEL maintainer" rewrites the line and the finding goes', async () => {
      const document = await untitled('FROM busybox:1.36\nMAINTAINER ops@example.com\nCMD ["echo", "hi"]\n');
      const diagnostic = await diagnosticsWith(document.uri, 'DL4000');
      const actions = await codeActions(document, diagnostic.range);
      const fix = actions.find((action) => action.title === 'Replace MAINTAINER with LABEL maintainer');
      assert.ok(fix?.edit, `a DL4000 quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.equal(fix.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.lineAt(1).text, 'LABEL maintainer="ops@example.com"');
      await waitFor(() => !atLines(ours(document.uri)).includes('DL4000@2'), 'DL4000 to disappear after the fix');
    });

    it('offers "Ignore CODE for this line" and "in this file", writing hadolint pragmas that silence it', async () => {
      const document = await untitled('FROM busybox:1.36\n# hadolint ignore=DL3059\nCMD echo hi\n');
      const diagnostic = await diagnosticsWith(document.uri, 'DL3025');
      const actions = await codeActions(document, diagnostic.range);
      const here = actions.find((action) => action.title === 'Ignore DL3025 for this line');
      const file = actions.find((action) => action.title === 'Ignore DL3025 in this file');
      assert.ok(here?.edit && file?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(here.edit));
      assert.equal(document.lineAt(1).text, '# hadolint ignore=DL3059,DL3025', 'merged into the pragma already there');
      await waitFor(() => !atLines(ours(document.uri)).some((item) => item.startsWith('DL3025')), 'DL3025 silenced by the line pragma');

      const other = await untitled('FROM busybox:1.36\nCMD echo one\n');
      const second = await diagnosticsWith(other.uri, 'DL3025');
      const fileWide = (await codeActions(other, second.range)).find((action) => action.title === 'Ignore DL3025 in this file');
      assert.ok(fileWide?.edit);
      assert.ok(await vscode.workspace.applyEdit(fileWide.edit));
      assert.equal(other.lineAt(0).text, '# hadolint global ignore=DL3025');
      await waitFor(() => !atLines(ours(other.uri)).some((item) => item.startsWith('DL3025')), 'DL3025 silenced by the global pragma');
    });

    it('fixes everything fixable at once, as a quick fix and as source.fixAll.stevedore (editor.codeActionsOnSave)', async () => {
      const text = 'from busybox:1.36 as Build\nMAINTAINER ops@example.com\nADD hello.txt /srv/\nENV GREETING hello\nEXPOSE 80/TCP\nCMD echo hi\n';
      const document = await untitled(text);
      await diagnosticsWith(document.uri, 'DL4000');
      const expected = fixUntilStable(text, (current) => lint(current).findings).text;
      assert.notEqual(expected, text);
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const sourceActions = await codeActions(document, whole, 'source.fixAll.stevedore');
      const fixAll = sourceActions.find((action) => action.kind?.value === 'source.fixAll.stevedore');
      assert.ok(fixAll?.edit, `source.fixAll.stevedore offered (got ${sourceActions.map((a) => a.kind?.value).join(', ')})`);
      assert.equal(fixAll.title, 'Fix all auto-fixable problems in this file');
      const quick = (await codeActions(document, new vscode.Range(1, 0, 1, 3))).find((action) => action.title === 'Fix all auto-fixable problems in this file');
      assert.ok(quick, 'also offered beside the quick fixes');
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
      assert.equal(document.getText(), expected);
      await waitFor(() => {
        const left = lint(document.getText()).findings.filter((finding) => finding.fix);
        return left.length === 0 && ours(document.uri).length === lint(document.getText()).findings.length;
      }, 'the diagnostics of the fixed text');
    });

    it('offers only "Skip the check in this file" for a BuildKit check (BuildKit cannot skip one line)', async () => {
      const document = await untitled('FROM busybox:1.36 AS Build\n');
      const diagnostic = await diagnosticsWith(document.uri, 'StageNameCasing');
      const titles = (await codeActions(document, diagnostic.range)).map((action) => action.title);
      assert.ok(titles.includes('Skip the StageNameCasing check in this file'), titles.join(' | '));
      assert.ok(!titles.some((title) => title.startsWith('Ignore StageNameCasing')), titles.join(' | '));
    });

    it('shows every overlapping finding on hover, each with its message and a short, whole explanation', async () => {
      const document = await untitled('FROM busybox:1.36\nRUN apt-get install curl\n');
      await diagnosticsWith(document.uri, 'DL3015');
      const shown = ours(document.uri).filter((d) => d.range.contains(new vscode.Position(1, 6)));
      assert.ok(shown.length >= 2, atLines(shown).join(', '));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 6));
      const markdown = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
        .join('\n');
      for (const diagnostic of shown) {
        const code = codeOf(diagnostic);
        assert.ok(markdown.includes(`**${code}**`), `${code} in: ${markdown}`);
        assert.ok(markdown.includes(`docs/rules/${code}.md`), `${code}'s link in: ${markdown}`);
      }
      assert.ok(!markdown.includes('```'), `no code examples cut in the hover: ${markdown}`);
    });

    it('shows the rule\'s explanation and link on hover', async () => {
      const document = await untitled('FROM busybox:1.36\nMAINTAINER ops@example.com\n');
      const diagnostic = await diagnosticsWith(document.uri, 'DL4000');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, diagnostic.range.start.translate(0, 2));
      const markdown = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
        .join('\n');
      const rule = ruleByCode('DL4000');
      assert.ok(rule);
      assert.ok(markdown.includes('**DL4000**'), markdown);
      const firstSentence = rule.explanation.split('\n').find((line) => line.trim().length > 20)?.trim().slice(0, 30) ?? rule.explanation.slice(0, 30);
      assert.ok(markdown.includes(firstSentence), `the explanation (${firstSentence}) in: ${markdown}`);
      assert.ok(markdown.includes('docs/rules/DL4000.md'), 'the link to the rule page');
    });

    it('reports a malformed .hadolint.yaml on that file and keeps linting with the defaults, then follows its fix', async () => {
      const yaml = demoFile('.hadolint.yaml');
      const dockerfile = demoFile('Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
      try {
        await writeFile(yaml, 'ignored: DL4000\n');
        const problem = await waitFor(() => vscode.languages.getDiagnostics(yaml).find((d) => d.source === 'stevedore'), 'a diagnostic on the malformed .hadolint.yaml');
        assert.match(problem.message, /\.hadolint\.yaml/);
        assert.match(problem.message, /ignored/);
        assert.match(problem.message, /default/);
        assert.ok(atLines(ours(dockerfile)).includes('DL4000@3'), 'still linted, with the defaults');

        await writeFile(yaml, 'ignored:\n  - DL4000\n');
        await waitFor(() => vscode.languages.getDiagnostics(yaml).length === 0 && !atLines(ours(dockerfile)).includes('DL4000@3') && ours(dockerfile).length > 0, 'the fixed .hadolint.yaml to be used');
      } finally {
        await vscode.workspace.fs.delete(yaml).then(undefined, () => undefined);
      }
      await waitFor(() => atLines(ours(dockerfile)).includes('DL4000@3'), 'DL4000 back once .hadolint.yaml is gone');
    });

    it('applies stevedore.lint.severityOverrides and ignoredCodes over the defaults', async () => {
      const dockerfile = demoFile('Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
      await diagnosticsWith(dockerfile, 'DL4000');
      const settings = vscode.workspace.getConfiguration('stevedore.lint');
      try {
        await settings.update('severityOverrides', { DL4000: 'off', DL3025: 'info' }, vscode.ConfigurationTarget.Workspace);
        await settings.update('ignoredCodes', ['JSONArgsRecommended'], vscode.ConfigurationTarget.Workspace);
        await waitFor(() => {
          const shown = ours(dockerfile);
          const cmd = shown.find((d) => codeOf(d) === 'DL3025');
          return !shown.some((d) => ['DL4000', 'JSONArgsRecommended'].includes(codeOf(d))) && cmd?.severity === vscode.DiagnosticSeverity.Information;
        }, 'DL4000 and JSONArgsRecommended gone, DL3025 shown as information');
      } finally {
        await settings.update('severityOverrides', undefined, vscode.ConfigurationTarget.Workspace);
        await settings.update('ignoredCodes', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await diagnosticsWith(dockerfile, 'DL4000');
    });

    it('"Stevedore: Lint workspace Dockerfiles" fills the Problems panel for files never opened, skipping node_modules and files.exclude', async () => {
      const nested = demoFile('services', 'worker', 'worker.Dockerfile');
      const variant = demoFile('services', 'worker', 'Containerfile.dev');
      const vendored = demoFile('node_modules', 'some-package', 'Dockerfile');
      await writeFile(nested, 'FROM busybox:1.36\nMAINTAINER ops@example.com\n');
      await writeFile(variant, 'FROM busybox:1.36\nCMD echo dev\n');
      await writeFile(vendored, 'FROM busybox:1.36\nMAINTAINER someone@example.com\n');
      const hidden = demoFile('generated', 'Dockerfile');
      await writeFile(hidden, 'FROM busybox:1.36\nMAINTAINER generator@example.com\n');
      const files = vscode.workspace.getConfiguration('files');
      await files.update('exclude', { '**/generated': true }, vscode.ConfigurationTarget.Workspace);
      try {
        assert.deepEqual(ours(nested), [], 'nothing before the command runs');
        const summary = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('stevedore.lintWorkspace');
        assert.equal(summary.cancelled, false);
        assert.ok(summary.files >= 6, `the demo's Dockerfiles and the two new ones (linted ${summary.files})`);
        assert.ok(atLines(ours(nested)).includes('DL4000@2'));
        assert.ok(atLines(ours(variant)).includes('DL3025@2'));
        assert.deepEqual(ours(vendored), [], 'node_modules is skipped');
        assert.deepEqual(ours(hidden), [], 'files.exclude is respected');
        for (const name of ['Dockerfile.prod', 'api.Dockerfile', 'Containerfile']) {
          const dockerignore = new TextDecoder().decode(await vscode.workspace.fs.readFile(demoFile('.dockerignore')));
          const expected = lint(new TextDecoder().decode(await vscode.workspace.fs.readFile(demoFile(name))), { dockerignore }).findings.length;
          assert.equal(ours(demoFile(name)).length, expected, `${name}: every finding published`);
        }
        // Closed files follow their changes on disk (a git checkout, another tool).
        const rootFile = demoFile('edited-on-disk.Dockerfile');
        await writeFile(rootFile, 'FROM busybox:1.36\nMAINTAINER ops@example.com\n');
        await vscode.commands.executeCommand('stevedore.lintWorkspace');
        assert.ok(atLines(ours(rootFile)).includes('DL4000@2'));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await writeFile(rootFile, 'FROM busybox:1.36\nLABEL maintainer="ops@example.com"\n');
        await waitFor(() => !atLines(ours(rootFile)).includes('DL4000@2'), 'the file changed on disk re-linted');
        await vscode.workspace.fs.delete(rootFile);
        await waitFor(() => ours(rootFile).length === 0, 'a deleted file to leave the Problems panel');
      } finally {
        await vscode.workspace.fs.delete(demoFile('services'), { recursive: true }).then(undefined, () => undefined);
        await vscode.workspace.fs.delete(demoFile('edited-on-disk.Dockerfile')).then(undefined, () => undefined);
        await vscode.workspace.fs.delete(demoFile('generated'), { recursive: true }).then(undefined, () => undefined);
        await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
        await vscode.workspace.fs.delete(demoFile('node_modules'), { recursive: true }).then(undefined, () => undefined);
      }
    });
  });
}
