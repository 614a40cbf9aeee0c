// Compose files in a real VS Code with the real engine: the demo compose file's findings and its
// CodeLens with live numbers (from the Container stats view), and right-sizing: a service holding a
// known amount of memory is watched, and the quick fix writes limits derived from the peak it made.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { composeSize, friendlyBytes } from '../../src/compose';
import { buildTestImage, requireDocker } from '../support/docker';
import { demoFile, stevedore, waitFor } from './helpers';

const run = promisify(execFile);
const PROJECT = `stevedore-test-composeeditor-ext-${process.pid}`;
const DEMO_IMAGE = 'stevedore-demo-busybox:latest';
const MiB = 1024 * 1024;
/** What the hog service holds in /dev/shm (tmpfs pages count in the container's memory). */
const HELD_MIB = 40;

/** An override file beside the demo's: a service without limits that holds HELD_MIB, and one that builds. */
const OVERRIDE = [
  'services:',
  '  hog:',
  `    image: ${DEMO_IMAGE}`,
  `    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/held bs=1M count=${HELD_MIB} 2>/dev/null; sleep 100000"]`,
  '  builder:',
  '    build:',
  '      context: .',
  '      dockerfile: Dockerfile',
  '    profiles: ["manual"]',
  '',
].join('\n');

async function composeCommand(): Promise<[string, string[]]> {
  try {
    await run('docker', ['compose', 'version']);
    return ['docker', ['compose']];
  } catch {
    return ['docker-compose', ['--compatibility']];
  }
}

const stevedoreDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'stevedore');
const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

export default function register(): void {
  describe('compose: the compose editor on the demo project, with live numbers and right-sizing', function () {
    this.timeout(240_000);
    let compose: [string, string[]];
    let overrideFile: string;
    const composeRun = (...args: string[]) => run(compose[0], [
      ...compose[1], '-p', PROJECT, '-f', demoFile('compose.yaml').fsPath, '-f', overrideFile, ...args,
    ], { cwd: demoFile().fsPath, maxBuffer: 16 * 1024 * 1024 });

    before(async function () {
      await requireDocker(this);
      compose = await composeCommand();
      overrideFile = demoFile('compose.override.yaml').fsPath;
      writeFileSync(overrideFile, OVERRIDE);
      try {
        await run('docker', ['image', 'inspect', DEMO_IMAGE]);
      } catch {
        await buildTestImage(DEMO_IMAGE, 'CMD ["sh"]\n');
      }
      await composeRun('up', '-d', 'web', 'worker', 'cache', 'hog');
      const api = await stevedore();
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(() => api.webviews.get('stats'), 'the stats webview to resolve');
      // The view reads the folder's project (compose.yaml + compose.override.yaml, written just now) and
      // finds the containers of -p PROJECT by their compose files.
      await vscode.commands.executeCommand('stevedore.stats.reconnect');
    });

    after(async () => {
      if (compose && overrideFile) await composeRun('down', '-t', '1', '--remove-orphans').catch(() => undefined);
      if (overrideFile) rmSync(overrideFile, { force: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('shows the demo compose file\'s findings as you open it', async () => {
      const uri = demoFile('compose.yaml');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preserveFocus: true });
      const found = await waitFor(() => {
        const diagnostics = stevedoreDiagnostics(uri);
        return diagnostics.some((d) => codeOf(d).startsWith('SDC2001')) ? diagnostics : undefined;
      }, 'SDC findings on compose.yaml');
      const codes = new Set(found.map(codeOf));
      // Every service's image is :latest, none has a restart policy or log rotation.
      for (const code of ['SDC2001', 'SDC2006', 'SDC2007']) assert.ok(codes.has(code), `${code} in ${[...codes].join(', ')}`);
      const latest = found.find((d) => codeOf(d) === 'SDC2001');
      assert.equal(document.lineAt(latest!.range.start.line).text.trim(), `image: ${DEMO_IMAGE}`);
      assert.ok(latest!.code && typeof latest!.code === 'object' && String(latest!.code.target).endsWith('SDC2001.md'), 'the code links to its rule page');
    });

    it('an edit is linted as you type, and # stevedore ignore= silences a finding', async () => {
      const uri = demoFile('compose.yaml');
      const document = await vscode.workspace.openTextDocument(uri);
      const restart = stevedoreDiagnostics(uri).filter((d) => codeOf(d) === 'SDC2006');
      const before = restart.length;
      assert.ok(before > 0, 'SDC2006 on the demo services');
      const line = restart[0].range.start.line;
      const indent = /^\s*/.exec(document.lineAt(line).text)![0];
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(line, 0), `${indent}# stevedore ignore=SDC2006\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => stevedoreDiagnostics(uri).filter((d) => codeOf(d) === 'SDC2006').length === before - 1, 'one SDC2006 fewer');
      const undo = new vscode.WorkspaceEdit();
      undo.delete(uri, new vscode.Range(line, 0, line + 1, 0));
      assert.ok(await vscode.workspace.applyEdit(undo));
      await waitFor(() => stevedoreDiagnostics(uri).filter((d) => codeOf(d) === 'SDC2006').length === before, 'SDC2006 back after undo');
    });

    it('puts a CodeLens with live numbers above each running service, and it reveals the service', async () => {
      const uri = demoFile('compose.yaml');
      const lenses = await waitFor(async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        const titles = new Map(all.map((lens) => [lens.range.start.line, lens.command?.title ?? '']));
        const web = [...titles.values()].find((title) => /^1 running · CPU \d+\.\d% · [\d.]+ (KiB|MiB) \/ 64 MiB$/.test(title));
        const worker = [...titles.values()].find((title) => /^2 running · CPU \d+\.\d% · [\d.]+ (KiB|MiB) \/ 64 MiB$/.test(title));
        return web && worker ? all : undefined;
      }, 'lenses with live numbers on web and worker (2 replicas × 32M)', 120_000);
      const document = await vscode.workspace.openTextDocument(uri);
      const cache = lenses.find((lens) => document.lineAt(lens.range.start.line).text.trim() === 'cache:');
      assert.match(cache?.command?.title ?? '', /^1 running · .* \/ 128 MiB$/);
      const batch = lenses.find((lens) => document.lineAt(lens.range.start.line).text.trim() === 'batch:');
      assert.equal(batch?.command?.title, 'not running');
      const web = lenses.find((lens) => document.lineAt(lens.range.start.line).text.trim() === 'web:')!;
      const revealed = await vscode.commands.executeCommand(web.command!.command, ...(web.command!.arguments ?? []));
      assert.equal(revealed, true, 'the lens reveals web in Container stats');
      console.log(`      web lens: ${web.command?.title}`);
      // The hover on the service's name: the last minute as sparklines.
      // A sparkline needs two samples: right after the view starts there may be one (the hover then
      // says the peak of that second), so ask again until the history has grown.
      const hoverText = async (): Promise<string> => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, web.range.start.translate(0, 1));
        return hovers.flatMap((h) => h.contents)
          .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n').replace(/&nbsp;/g, ' ');
      };
      const text = await waitFor(async () => {
        const value = await hoverText();
        return /CPU `[▁▂▃▄▅▆▇█]+`/.test(value) ? value : undefined;
      }, 'the hover on web with sparklines', 15_000).catch(hoverText);
      assert.match(text, /CPU `[▁▂▃▄▅▆▇█]+` [\d.]+–[\d.]+%, now [\d.]+%/, text);
      assert.match(text, /Memory `[▁▂▃▄▅▆▇█]+` [\d.]+ (KiB|MiB)–[\d.]+ (KiB|MiB), now/, text);
    });

    it('links build: to the Dockerfile with its finding count', async () => {
      const uri = vscode.Uri.file(overrideFile);
      await vscode.workspace.openTextDocument(uri);
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
      const link = links.find((l) => l.target?.fsPath === demoFile('Dockerfile').fsPath);
      assert.ok(link, `a link to the demo Dockerfile among ${links.map((l) => l.target?.toString()).join(', ')}`);
      assert.match(link.tooltip ?? '', /^Open the Dockerfile: (no findings|\d+ findings? \(.+\))$/);
    });

    it('right-sizes the service without limits from the peak it was seen at', async () => {
      const uri = vscode.Uri.file(overrideFile);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preserveFocus: true });
      const finding = await waitFor(() => stevedoreDiagnostics(uri).find((d) => codeOf(d) === 'SDC2002'
        && d.message.startsWith('Service \'hog\'') && /peaked at ([\d.]+) MiB/.exec(d.message) && Number(/peaked at ([\d.]+) MiB/.exec(d.message)![1]) >= HELD_MIB),
      `SDC2002 on hog with a peak of at least ${HELD_MIB} MiB`, 120_000);
      console.log(`      ${finding.message}`);
      const peakMiB = Number(/peaked at ([\d.]+) MiB/.exec(finding.message)![1]);
      assert.ok(peakMiB < HELD_MIB + 8, `the peak (${peakMiB} MiB) is what hog holds plus busybox`);
      assert.match(finding.message, /in the last \d+ (s|min)/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Set memory limit'));
      assert.ok(fix?.edit, `a right-sizing fix among ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await document.save();
      const limit = composeSize(friendlyBytes(peakMiB * MiB * 1.5));
      const reservation = composeSize(friendlyBytes(peakMiB * MiB));
      // HELD_MIB = 40: a peak of 40–42.6 MiB gives 64M and 48M.
      assert.equal(limit, '64M');
      assert.equal(reservation, '48M');
      const text = document.getText();
      assert.match(text, new RegExp(`  hog:\\n(.*\\n)*    deploy:\\n      resources:\\n        limits:\\n(          cpus: '[\\d.]+'\\n)?          memory: ${limit}\\n        reservations:\\n          memory: ${reservation}\\n`), text);
      // Compose reads the file the fix wrote.
      const { stdout } = await composeRun('config');
      assert.match(stdout, /hog:/);
      await waitFor(() => !stevedoreDiagnostics(uri).some((d) => codeOf(d) === 'SDC2002' && d.message.startsWith('Service \'hog\'')), 'the finding to go');
    });
  });
}
