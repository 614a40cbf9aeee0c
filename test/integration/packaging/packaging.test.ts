// What users install, tried as they install it: the CLI's npm package from its tarball in an empty
// folder, the repository's own `npm pack` (what pre-commit installs), the CI action's scripts with
// the packaged CLI, and the extension's .vsix (its size and contents).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
interface PackageVsixModule {
  packageVsix(out: string): { vsix: string; copy: string; output: string; cleanup(): void };
  vsceBin: string;
}

const DOCKERFILE = 'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nWORKDIR app\nCMD node server.js\n';

describe('packaging: what users install', function () {
  this.timeout(180_000);
  let scratch: string;
  let tarball: string;
  let installed: string;

  before(() => {
    assert.ok(existsSync(join(root, 'dist', 'cli.js')), 'dist/cli.js: run `npm run build` first');
    scratch = mkdtempSync(join(tmpdir(), 'stevedore-test-packaging-'));
    tarball = execFileSync(process.execPath, [join(root, 'scripts', 'pack-cli.mjs'), '--out', scratch], { encoding: 'utf8' }).trim().split('\n').pop()!;
    installed = join(scratch, 'empty-project');
    mkdirSync(installed);
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'empty-project', private: true }));
    // No dependencies to fetch: the install works offline.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: installed, stdio: 'pipe' });
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('the CLI package holds only the CLI bundles, the README and the LICENSE', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    for (const file of files) {
      assert.match(file, /^package\/(package\.json|README\.md|LICENSE|dist\/cli\.js|dist\/cli\/[a-z-]+\.js|dist\/vendor\/[a-z-]+\.js)$/, file);
    }
    assert.ok(files.includes('package/dist/cli.js') && files.includes('package/dist/cli/main.js'));
    assert.ok(statSync(tarball).size < 3 * 1024 * 1024, `${statSync(tarball).size} bytes`);
  });

  it('npx stevedore lint works in an empty folder after installing the tarball, with hadolint\'s exit status', () => {
    writeFileSync(join(installed, 'Dockerfile'), DOCKERFILE);
    const run = spawnSync('npx', ['--offline', 'stevedore', 'lint', 'Dockerfile'], { cwd: installed, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^Dockerfile:1:6 DL3006 warning: /m);
    assert.match(run.stdout, /^Dockerfile:3:9 DL3000 error: Use absolute WORKDIR/m);
    const version = spawnSync('npx', ['--offline', 'stevedore', '--version'], { cwd: installed, encoding: 'utf8' });
    assert.equal(version.stdout.trim(), manifest.version);
  });

  it('the repository\'s own npm pack (pre-commit\'s install) holds the CLI, and the hooks run `stevedore lint` on Dockerfiles or on compose files, each on its own names', () => {
    const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const files = listing[0].files.map((file) => file.path).sort();
    assert.ok(files.includes('dist/cli.js') && files.includes('dist/cli/main.js') && files.includes('dist/vendor/dockerode.js'), files.join(', '));
    for (const file of files) assert.match(file, /^(package\.json|README\.md|LICENSE|dist\/cli\.js|dist\/cli\/[a-z-]+\.js|dist\/vendor\/[a-z-]+\.js)$/, file);
    const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; files: string; exclude?: string; language: string }>;
    assert.deepEqual(hooks.map((hook) => hook.id), ['stevedore-lint', 'stevedore-lint-fix', 'stevedore-lint-compose', 'stevedore-lint-compose-fix']);
    const dockerfiles = ['Dockerfile', 'app/Dockerfile', 'Containerfile', 'Dockerfile.dev', 'web/app.Dockerfile', 'x.containerfile'];
    const composeFiles = ['compose.yaml', 'compose.yml', 'ops/docker-compose.yml', 'docker-compose.override.yaml', 'compose.prod.yaml'];
    for (const hook of hooks) {
      assert.equal(hook.language, 'node');
      assert.match(hook.entry, /^stevedore lint\b/);
      const picks = (path: string): boolean => new RegExp(hook.files).test(path) && !(hook.exclude && new RegExp(hook.exclude).test(path));
      const [mine, others] = hook.id.includes('compose') ? [composeFiles, dockerfiles] : [dockerfiles, composeFiles];
      for (const path of mine) assert.ok(picks(path), `${hook.id}: ${path}`);
      for (const path of [...others, 'Dockerfile.dockerignore', 'README.md', 'docs/Dockerfile-notes/x.md', 'my-compose.yaml', 'compose.json']) assert.ok(!picks(path), `${hook.id}: ${path}`);
    }
  });

  it('the CI action\'s scripts take their inputs from the environment only, and its lint step writes SARIF and the status', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { runs: { steps: Array<{ id?: string; run?: string; env?: Record<string, string> }> } };
    const scripts = action.runs.steps.filter((step) => step.run);
    for (const step of scripts) assert.ok(!step.run!.includes('${{'), `an input spliced into a script: ${step.run}`);
    // The lint step, run by bash with `npx` standing for the packaged CLI installed above.
    const bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\nshift 2\nexec "${join(installed, 'node_modules', '.bin', 'stevedore')}" "$@"\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const workspace = join(scratch, 'repo');
    mkdirSync(join(workspace, 'svc'), { recursive: true });
    writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(workspace, 'svc', 'Dockerfile'), 'FROM alpine:3.20\nCMD ["sh"]\n');
    const output = join(scratch, 'github-output');
    writeFileSync(output, '');
    const lint = action.runs.steps.find((step) => step.id === 'lint')!;
    const run = spawnSync('bash', ['-e', '-c', lint.run!], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output,
        STEVEDORE_VERSION: manifest.version, DOCKERFILES: 'Dockerfile\nsvc/Dockerfile', THRESHOLD: 'warning', SARIF_FILE: 'out.sarif',
      },
    });
    assert.equal(run.status, 0, run.stderr);
    const sarif = JSON.parse(readFileSync(join(workspace, 'out.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    assert.ok(sarif.runs[0].results.some((result) => result.ruleId === 'DL3000'));
    assert.match(readFileSync(output, 'utf8'), /^status=1$/m);
    assert.match(run.stdout, /Dockerfile:3:9 DL3000 error/);
  });

  it('the .vsix stays under 2 MB, holds only what runs, and packages without a warning for either marketplace', async () => {
    const { packageVsix, vsceBin } = (await import(pathToFileURL(join(root, 'scripts', 'package-vsix.mjs')).href)) as PackageVsixModule;
    const packaged = packageVsix(join(scratch, 'stevedore.vsix'));
    try {
      const size = statSync(packaged.vsix).size;
      assert.ok(size < 2 * 1024 * 1024, `${(size / 1024 / 1024).toFixed(2)} MB`);
      // vsce prints " WARNING " for a missing repository, licence, icon, or a non-https image in the README.
      assert.doesNotMatch(packaged.output, /WARNING/i, packaged.output);
      const listed = execFileSync(process.execPath, [vsceBin, 'ls', '--no-dependencies'], { cwd: packaged.copy, encoding: 'utf8' }).trim().split('\n');
      for (const file of listed) {
        assert.match(file, /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(extension|features\/[a-z-]+|vendor\/[a-z-]+|webview\/[a-z-]+)\.js|dist\/codicons\/.+|media\/([a-z-]+\.css|stevedore\.svg|icon\.png|walkthrough\/[a-z-]+\.png)|snippets\/.+\.(json|ya?ml))$/, file);
      }
      // Open VSX's own client: the checks `ovsx publish` makes on the manifest before it uploads.
      const ovsx = (await import('ovsx')) as unknown as { readManifest(path: string): Promise<Record<string, unknown>>; validateManifest(manifest: unknown): void; isLicenseOk(path: string, manifest: unknown): Promise<boolean> };
      const readBack = await ovsx.readManifest(packaged.copy);
      ovsx.validateManifest(readBack);
      assert.equal(await ovsx.isLicenseOk(packaged.copy, readBack), true, 'Open VSX needs a licence it can read');
    } finally {
      packaged.cleanup();
    }
  });
});
