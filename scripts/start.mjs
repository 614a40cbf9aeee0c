// `npm start`: set up what the demo needs (scripts/prereqs.mjs: Debian packages, a Docker engine),
// build, bring up the demo containers, and open Stevedore in a real VS Code on the demo
// workspace: desktop VS Code when `code` is on PATH, otherwise a browser VS Code (code-server,
// installed on first use) on 127.0.0.1 with the extension loaded. An engine started here is
// stopped on Ctrl+C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, startCodeServer } from './code-server.mjs';
import { demoUp } from './demo.mjs';
import { preparePrerequisites, releaseOnSignals } from './prereqs.mjs';

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
const desktop = hasCode && !process.env.STEVEDORE_BROWSER;
const prereqs = await preparePrerequisites({ needs: desktop ? ['demo'] : ['demo', 'code-server'], purpose: 'npm start' });
let server;
let stopping = false;
// Ctrl+C: code-server first, then the engine if npm start started it; a deliberate stop exits 0.
releaseOnSignals(prereqs.release, {
  exitCode: 0,
  before: () => {
    stopping = true;
    server?.stop();
  },
});

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
try {
  console.log(demoUp());
} catch (error) {
  // A failed image build or compose run must not take the editor down with it: say why, carry on.
  const detail = String(error?.stderr || error?.message || error).trim().split('\n').filter(Boolean).at(-1);
  console.log(`Could not bring up the demo containers (${detail}); opening the editor without them.`);
}
const workspace = join(root, 'demo');

if (desktop) {
  spawn('code', [`--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', detached: true }).unref();
  console.log('Opened VS Code with Stevedore loaded from this folder (npm run watch rebuilds on change).');
  if (prereqs.startedEngine) {
    // The engine started above serves the demo: keep it (and this process) until Ctrl+C.
    console.log('Press Ctrl+C to stop the Docker engine npm start started.');
    setInterval(() => {}, 1 << 30);
  }
} else {
  const port = Number(process.env.STEVEDORE_PORT ?? 8080);
  const dataDir = join(root, '.vscode-test', 'start');
  mkdirSync(dataDir, { recursive: true });
  try {
    server = await startCodeServer({ port, workspace, dataDir });
  } catch (error) {
    console.error(`Could not open the browser VS Code: ${error instanceof Error ? error.message : error}`);
    await prereqs.release();
    process.exit(1);
  }
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`], ['skipWelcome', 'true']];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log('\nStevedore is loaded in a browser VS Code (code-server 4.100.3 = VS Code 1.100.3). Open:\n');
  console.log(`  ${url}\n`);
  console.log(`Press Ctrl+C to stop${prereqs.startedEngine ? ' (code-server and the Docker engine npm start started)' : ''}.`);
  // code-server exiting on its own ends the demo too.
  server.child.on('exit', async (code) => {
    if (stopping) return;
    console.log(`code-server exited (${code})`);
    await prereqs.release();
    process.exit(code ?? 0);
  });
}
