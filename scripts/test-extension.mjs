// The extension tests inside a real VS Code extension host.
// - Desktop VS Code through @vscode/test-electron when it can be had: VSCODE_EXECUTABLE_PATH, or a
//   download (STEVEDORE_VSCODE=desktop forces it; it needs internet).
// - Otherwise code-server (VS Code 1.100.3, installed on first use into .vscode-test/) driven by
//   headless Chromium, passing the development and test paths in the workbench's `payload`.
// Both load the same mocha `run()` module, out/test/extension/index.js.
// Writes {passed, failed, skipped} to STEVEDORE_SUMMARY_FILE when set (scripts/test.mjs sums it).
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, freePort, missingPrerequisites, root, startCodeServer } from './code-server.mjs';

// Workbench chatter that says nothing about Stevedore (the marketplace is unreachable offline).
const NOISE = [/open-vsx\.org/, /^Creation of workbench contribution/, /^Creating a socket/, /^Resolv(ing|ed) connection token/, /^\[Service Worker\]/, /^ChatSessionStore/, /^Updating additional builtin/];
const testsPath = join(root, 'out', 'test', 'extension');
const TIMEOUT_MS = Number(process.env.STEVEDORE_EXTENSION_TIMEOUT_MS ?? 15 * 60_000);

function writeSummary(counts) {
  if (process.env.STEVEDORE_SUMMARY_FILE) writeFileSync(process.env.STEVEDORE_SUMMARY_FILE, JSON.stringify(counts));
}

/** A fresh copy of the demo workspace, so tests never change the repository's files. */
function demoWorkspace(scratch) {
  const workspace = join(scratch, 'demo');
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

async function runCodeServer(scratch) {
  const missing = missingPrerequisites();
  if (missing.length) {
    throw new Error(`The extension tests need ${missing.join(', ')}; .ci/run installs them on Debian.`);
  }
  const { chromium } = await import('playwright-core');
  const workspace = demoWorkspace(scratch);
  const port = await freePort();
  const serverLog = [];
  console.log('Starting code-server (VS Code 1.100.3) for the extension tests...');
  const server = await startCodeServer({ port, workspace, dataDir: join(scratch, 'code-server'), log: (line) => serverLog.push(line) });
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(testsPath)],
    ['enableProposedApi', ''],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browserDir = join(scratch, 'chromium');
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
      if (match) counts = JSON.parse(match[1]);
      else if (text.trim() && !NOISE.some((pattern) => pattern.test(text))) console.log(text.replace(/\n$/, ''));
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (error) => console.log(`[workbench page error] ${error.message}`));
    await page.goto(url);
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    const code = await finished;
    clearTimeout(timer);
    if (process.env.STEVEDORE_SCREENSHOT) await page.screenshot({ path: process.env.STEVEDORE_SCREENSHOT });
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

const scratch = mkdtempSync(join(tmpdir(), 'stevedore-ext-'));
let counts;
try {
  if (process.env.VSCODE_EXECUTABLE_PATH || process.env.STEVEDORE_VSCODE === 'desktop') {
    console.log('Running the extension tests in desktop VS Code (@vscode/test-electron)...');
    const code = await runDesktop(scratch);
    counts = code === 0 ? { passed: 1, failed: 0, skipped: 0, note: 'desktop run: see the log above for each test' } : { passed: 0, failed: 1, skipped: 0 };
  } else {
    counts = await runCodeServer(scratch);
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
