// The extension tests inside a real VS Code extension host.
// - Desktop VS Code through @vscode/test-electron when it can be had: VSCODE_EXECUTABLE_PATH, or a
//   download (STEVEDORE_VSCODE=desktop forces it; it needs internet).
// - Otherwise code-server (VS Code 1.100.3, installed on first use into .vscode-test/) driven by
//   headless Chromium, passing the development and test paths in the workbench's `payload`.
// Both load the same mocha `run()` module, out/test/extension/index.js.
// code-server runs three times: the demo workspace with Workspace Trust off (the suites of
// test/extension/suites.ts), an untrusted folder, test/fixtures/untrusted-workspace (the
// untrusted suites), with a TCP listener its settings point at, and the packaged .vsix installed
// as users install it (the vsix suite). Tests ask for UI actions with
// "STEVEDORE_DRIVER {...}" log lines (test/extension/helpers.ts, `driver`).
// Writes {passed, failed, skipped} to STEVEDORE_SUMMARY_FILE when set (scripts/test.mjs sums it).
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, ensureCodeServer, freePort, missingPrerequisites, root, startCodeServer } from './code-server.mjs';

// Workbench chatter that says nothing about Stevedore (the marketplace is unreachable offline).
const NOISE = [/open-vsx\.org/, /^Creation of workbench contribution/, /^Creating a socket/, /^Resolv(ing|ed) connection token/, /^\[Service Worker\]/, /^ChatSessionStore/, /^Updating additional builtin/];
const testsPath = join(root, 'out', 'test', 'extension');
const TIMEOUT_MS = Number(process.env.STEVEDORE_EXTENSION_TIMEOUT_MS ?? 15 * 60_000);

function writeSummary(counts) {
  if (process.env.STEVEDORE_SUMMARY_FILE) writeFileSync(process.env.STEVEDORE_SUMMARY_FILE, JSON.stringify(counts));
}

/** A fresh copy of the demo workspace, so tests never change the repository's files. */
function demoWorkspace(scratch, name = 'demo') {
  const workspace = join(scratch, name);
  cpSync(join(root, 'demo'), workspace, { recursive: true });
  return workspace;
}

async function runDesktop(scratch) {
  const { runTests } = await import('@vscode/test-electron');
  const workspace = demoWorkspace(scratch);
  const summaryLog = join(scratch, 'desktop-summary.json');
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: { STEVEDORE_EXTENSION_SUMMARY_FILE: summaryLog },
    });
    return 0;
  } catch {
    return 1;
  }
}

/**
 * The untrusted folder: a copy of the fixture whose .vscode/settings.json names a TCP listener
 * we own; every connection to it is appended to a file the tests read.
 */
async function untrustedWorkspace(scratch) {
  const copy = join(scratch, 'untrusted-workspace');
  cpSync(join(root, 'test', 'fixtures', 'untrusted-workspace'), copy, { recursive: true });
  const connections = join(scratch, 'listener-connections.log');
  writeFileSync(connections, '');
  const listener = createServer((socket) => {
    appendFileSync(connections, `${new Date().toISOString()} ${socket.remoteAddress}:${socket.remotePort}\n`);
    socket.destroy();
  });
  await new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', resolve);
  });
  const { port } = listener.address();
  const workspace = join(copy, 'cloned-repo');
  const settings = join(workspace, '.vscode', 'settings.json');
  writeFileSync(settings, readFileSync(settings, 'utf8').replace('LISTENER_PORT', String(port)));
  return {
    workspace,
    env: { STEVEDORE_EXTENSION_RUN: 'untrusted', STEVEDORE_TRUST_LISTENER: `tcp://127.0.0.1:${port}`, STEVEDORE_TRUST_CONNECTIONS: connections },
    close: () => listener.close(),
  };
}

/**
 * What a test asked the workbench's UI to do (the extension host cannot reach it): the reply, or
 * the error, is written to `<replies>/<id>.json`, which the test waits for.
 */
async function driverRequest(page, request, replies) {
  let reply;
  try {
    switch (request.action) {
      case 'clickButton':
        await page.getByRole('button', { name: request.name, exact: true }).first().click({ timeout: 15_000 });
        break;
      case 'typeAndEnter': {
        // The open quick input (also the web workbench's file dialog) gets `text` instead of what it held.
        const input = page.locator('.quick-input-widget .quick-input-box input').first();
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        // The file dialog writes its folder into the box once it has read it, which can come after
        // our text and replace it, so no file is chosen (a likely cause of a timeout seen once in CI):
        // fill until the text stays.
        const deadline = Date.now() + 15_000;
        for (;;) {
          await input.fill(request.text);
          await page.waitForTimeout(250);
          if (await input.inputValue() === request.text) break;
          if (Date.now() > deadline) throw new Error(`the quick input kept replacing ${JSON.stringify(request.text)}`);
        }
        await input.press('Enter');
        break;
      }
      case 'waitForText':
        await page.getByText(request.text).first().waitFor({ state: 'visible', timeout: 15_000 });
        break;
      case 'clickInWebview': {
        // Webviews are nested frames the page's locators do not enter: the first frame showing it.
        const deadline = Date.now() + 15_000;
        for (;;) {
          const target = await findInFrames(page, request.role, request.name);
          if (target) {
            await target.click({ timeout: 15_000 });
            break;
          }
          if (Date.now() > deadline) throw new Error(`no webview shows a ${request.role} named ${request.name}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        break;
      }
      default:
        throw new Error(`unknown driver action ${JSON.stringify(request.action)}`);
    }
    reply = { ok: true };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
  if (Number.isInteger(request.id)) writeFileSync(join(replies, `${request.id}.json`), JSON.stringify(reply));
}

/** The first element with that role and name in any frame; custom elements may only carry the label. */
async function findInFrames(page, role, name) {
  for (const frame of page.frames()) {
    for (const locator of [frame.getByRole(role, { name, exact: true }), frame.getByLabel(name, { exact: true })]) {
      if (await locator.count().catch(() => 0)) return locator.first();
    }
  }
  return undefined;
}

/** One code-server run on `workspace`; resolves with the mocha counts. */
async function runCodeServer(scratch, { name, workspace, workspaceTrust = false, userSettings, env = {}, developmentPath = root }) {
  const missing = missingPrerequisites();
  if (missing.length) {
    throw new Error(`The extension tests need ${missing.join(', ')}: npm test installs them where it may (root or passwordless sudo on Debian or Ubuntu), or run "node scripts/prereqs.mjs test" to see the commands for this platform.`);
  }
  const { chromium } = await import('playwright-core');
  const port = await freePort();
  const serverLog = [];
  console.log(`Starting code-server (VS Code 1.100.3) for the extension tests (${name})...`);
  const replies = join(scratch, `driver-replies-${name}`);
  mkdirSync(replies, { recursive: true });
  const server = await startCodeServer({
    port, workspace, dataDir: join(scratch, `code-server-${name}`), log: (line) => serverLog.push(line), workspaceTrust, userSettings,
    env: { ...env, STEVEDORE_DRIVER_REPLIES: replies },
  });
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['enableProposedApi', ''],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browserDir = join(scratch, `chromium-${name}`);
  mkdirSync(browserDir, { recursive: true });
  const context = await chromium.launchPersistentContext(browserDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let counts;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      const match = /STEVEDORE_EXTENSION_SUMMARY (\{.*\})/.exec(text);
      const request = /STEVEDORE_DRIVER (\{.*\})/.exec(text);
      if (match) counts = JSON.parse(match[1]);
      else if (request) void driverRequest(page, JSON.parse(request[1]), replies);
      else if (text.trim() && !NOISE.some((pattern) => pattern.test(text))) console.log(text.replace(/\n$/, ''));
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (error) => console.log(`[workbench page error] ${error.message}`));
    await page.goto(url);
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    const code = await finished;
    clearTimeout(timer);
    if (process.env.STEVEDORE_SCREENSHOT) await page.screenshot({ path: process.env.STEVEDORE_SCREENSHOT.replace(/(\.png)?$/, name === 'demo' ? '$1' : `-${name}$1`) });
    if (code === 'timeout') {
      console.log(`Extension tests did not finish within ${TIMEOUT_MS / 1000} s`);
      console.log(serverLog.slice(-40).join(''));
      return { passed: counts?.passed ?? 0, failed: (counts?.failed ?? 0) + 1, skipped: counts?.skipped ?? 0 };
    }
    if (!counts) {
      console.log(`The extension host exited with ${code} without running the tests. code-server said:`);
      console.log(serverLog.slice(-40).join(''));
      return { passed: 0, failed: 1, skipped: 0 };
    }
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  } finally {
    await context.close().catch(() => {});
    server.stop();
  }
}

/**
 * The .vsix as users install it: packaged like `npm run package`, installed with code-server's
 * `--install-extension` into the run's extensions folder, then the tests run beside it from a
 * stub development extension that contributes nothing, so what answers is the installed package.
 */
async function vsixRun(scratch) {
  const name = 'vsix';
  const dataDir = join(scratch, `code-server-${name}`);
  const extensionsDir = join(dataDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  console.log('Packaging the .vsix and installing it into code-server...');
  const { packageVsix } = await import('./package-vsix.mjs');
  const packaged = packageVsix(join(scratch, 'stevedore.vsix'));
  packaged.cleanup();
  const install = spawnSync(process.execPath, [ensureCodeServer(), '--extensions-dir', extensionsDir, '--user-data-dir', join(dataDir, 'user'), '--install-extension', packaged.vsix], {
    encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: join(dataDir, 'config'), XDG_DATA_HOME: join(dataDir, 'data'), XDG_CACHE_HOME: join(dataDir, 'cache') },
  });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed: ${install.stderr || install.stdout}`);
  const stub = join(scratch, 'vsix-probe');
  mkdirSync(stub, { recursive: true });
  writeFileSync(join(stub, 'package.json'), JSON.stringify({ name: 'vsix-probe', publisher: 'stevedore-test', version: '0.0.0', engines: { vscode: '^1.100.0' } }));
  return runCodeServer(scratch, {
    name,
    workspace: demoWorkspace(scratch, name),
    developmentPath: stub,
    env: { STEVEDORE_EXTENSION_RUN: 'vsix', STEVEDORE_VSIX_EXTENSIONS_DIR: extensionsDir },
  });
}

/** The code-server runs, their counts summed. STEVEDORE_EXTENSION_RUNS=untrusted (or demo, vsix) picks. */
async function runAllInCodeServer(scratch) {
  const wanted = (process.env.STEVEDORE_EXTENSION_RUNS ?? 'demo,untrusted,vsix').split(',');
  const total = { passed: 0, failed: 0, skipped: 0 };
  const add = (counts) => {
    for (const key of Object.keys(total)) total[key] += counts[key] ?? 0;
  };
  if (wanted.includes('demo')) add(await runCodeServer(scratch, { name: 'demo', workspace: demoWorkspace(scratch) }));
  if (wanted.includes('untrusted')) {
    const untrusted = await untrustedWorkspace(scratch);
    try {
      add(await runCodeServer(scratch, {
        name: 'untrusted',
        workspace: untrusted.workspace,
        workspaceTrust: true,
        // No modal question at startup: the folder simply opens in Restricted mode.
        userSettings: { 'security.workspace.trust.startupPrompt': 'never' },
        env: untrusted.env,
      }));
    } finally {
      untrusted.close();
    }
  }
  if (wanted.includes('vsix')) add(await vsixRun(scratch));
  return total;
}

const scratch = mkdtempSync(join(tmpdir(), 'stevedore-ext-'));
let counts;
try {
  if (process.env.VSCODE_EXECUTABLE_PATH || process.env.STEVEDORE_VSCODE === 'desktop') {
    console.log('Running the extension tests in desktop VS Code (@vscode/test-electron)...');
    const code = await runDesktop(scratch);
    counts = code === 0 ? { passed: 1, failed: 0, skipped: 0, note: 'desktop run: see the log above for each test' } : { passed: 0, failed: 1, skipped: 0 };
  } else {
    counts = await runAllInCodeServer(scratch);
  }
} catch (error) {
  console.error(`Extension tests could not run: ${error instanceof Error ? error.message : error}`);
  counts = { passed: 0, failed: 1, skipped: 0 };
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`extension: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
writeSummary(counts);
process.exitCode = counts.failed ? 1 : 0;
