// The CLI as an npm package of its own (`npm install -g @stevedore-dev/cli`, `npx @stevedore-dev/cli lint`):
// only the CLI's bundles and what they read (dist/cli.js, dist/cli/*.js, dist/vendor/*.js), the
// README and the LICENSE, with no dependencies (the bundles hold them). The extension's own
// package.json cannot be this package: vsce refuses a `files` list beside .vscodeignore, and the
// extension's manifest would drag its dependencies into every `npm install`.
// Usage: node scripts/pack-cli.mjs [--out DIR]   (after `npm run build`; `npm run pack:cli` does both)
// Prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist');
const extension = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('pack-cli: dist/cli.js is missing: run `npm run build` first.');
  process.exit(2);
}

export const CLI_FILES = ['dist/cli.js', 'dist/cli/*.js', 'dist/vendor/*.js'];
const staging = join(root, 'dist', 'npm-cli');
rmSync(staging, { recursive: true, force: true });
for (const folder of ['cli', 'vendor']) {
  mkdirSync(join(staging, 'dist', folder), { recursive: true });
  for (const name of readdirSync(join(root, 'dist', folder))) {
    if (name.endsWith('.js')) cpSync(join(root, 'dist', folder, name), join(staging, 'dist', folder, name));
  }
}
cpSync(join(root, 'dist', 'cli.js'), join(staging, 'dist', 'cli.js'));
cpSync(join(root, 'LICENSE'), join(staging, 'LICENSE'));
cpSync(join(root, 'README.md'), join(staging, 'README.md'));

const manifest = {
  name: '@stevedore-dev/cli',
  version: extension.version,
  description: 'Stevedore\'s command line: hadolint-compatible Dockerfile lint with BuildKit checks and fixes, dive-style image analysis with CI rules, docker stats for compose services, and a cAdvisor-compatible exporter.',
  license: extension.license,
  repository: extension.repository,
  homepage: extension.homepage,
  bugs: extension.bugs,
  keywords: ['docker', 'dockerfile', 'hadolint', 'lint', 'dive', 'compose', 'cadvisor', 'ci'],
  bin: { stevedore: 'dist/cli.js' },
  files: CLI_FILES,
  engines: { node: extension.engines.node },
};
writeFileSync(join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
mkdirSync(out, { recursive: true });
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: staging, encoding: 'utf8' }));
console.log(join(out, packed[0].filename));
