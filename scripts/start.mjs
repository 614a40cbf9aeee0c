// `npm start`: build, bring up the demo containers, and open Stevedore in a real VS Code on the
// demo workspace: desktop VS Code when `code` is on PATH, otherwise a browser VS Code
// (code-server, installed on first use) on 127.0.0.1 with the extension loaded.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, startCodeServer } from './code-server.mjs';
import { demoUp } from './demo.mjs';

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
console.log(demoUp());
const workspace = join(root, 'demo');

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.STEVEDORE_BROWSER) {
  spawn('code', [`--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', detached: true }).unref();
  console.log('Opened VS Code with Stevedore loaded from this folder (npm run watch rebuilds on change).');
} else {
  const port = Number(process.env.STEVEDORE_PORT ?? 8080);
  const dataDir = join(root, '.vscode-test', 'start');
  mkdirSync(dataDir, { recursive: true });
  const server = await startCodeServer({ port, workspace, dataDir });
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`], ['skipWelcome', 'true']];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log('\nStevedore is loaded in a browser VS Code (code-server 4.100.3 = VS Code 1.100.3). Open:\n');
  console.log(`  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    console.log(`code-server exited (${code})`);
    process.exit(code ?? 0);
  });
}
