// One build for everything that runs: the extension (Node, CJS, `vscode` external), the lazily
// loaded feature bundles, the CLI, each webview (browser) and the extension-test bundle.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

// ssh2's optional native helpers are loaded in try/catch; the pure-JS path is used without them.
const nodeExternals = ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'];

/**
 * dockerode (with ssh2) is the largest dependency and both lazily loaded features and the CLI use
 * it: it is bundled once, as dist/vendor/dockerode.js, and every other bundle requires that file.
 */
function sharedDockerode(outputDir) {
  const vendor = join(root, 'dist', 'vendor', 'dockerode.js');
  let path = relative(join(root, outputDir), vendor).split('\\').join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  return {
    name: 'shared-dockerode',
    setup(build) {
      build.onResolve({ filter: /^dockerode$/ }, () => ({ path, external: true }));
    },
  };
}

/** dockerode's BuildKit-session dependencies, replaced by src/docker/noBuildkitSession.ts. */
const noBuildkitSession = {
  name: 'no-buildkit-session',
  setup(build) {
    build.onResolve({ filter: /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/ }, () => ({ path: join(root, 'src/docker/noBuildkitSession.ts') }));
  },
};

const nodeBuild = (entryPoints, outdir, extra = {}) => {
  const outputDir = join(outdir, dirname(Object.keys(entryPoints)[0]));
  return {
    ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals,
    entryPoints, outdir, plugins: [sharedDockerode(outputDir)], ...extra,
  };
};

const builds = [
  // The activation path: tiny, registers everything, loads features on first use.
  nodeBuild({ extension: 'src/extension.ts' }, 'dist'),
  nodeBuild({ 'features/dockerfile': 'src/vscode/dockerfile/feature.ts' }, 'dist'),
  nodeBuild({ 'features/image': 'src/vscode/image/feature.ts' }, 'dist'),
  nodeBuild({ 'features/stats': 'src/vscode/stats/feature.ts' }, 'dist'),
  nodeBuild({ cli: 'src/cli/main.ts' }, 'dist', { banner: { js: '#!/usr/bin/env node' } }),
  {
    ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals,
    entryPoints: { 'vendor/dockerode': 'dockerode' }, outdir: 'dist', plugins: [noBuildkitSession],
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: {
      'webview/stats': 'webview/stats/main.ts',
      'webview/analyze': 'webview/analyze/main.ts',
      'webview/compare': 'webview/compare/main.ts',
    },
    outdir: 'dist',
    loader: { '.css': 'text' },
  },
];

if (!production) {
  // The extension tests run inside VS Code's extension host, which loads plain JS.
  const tests = nodeBuild({ 'test/extension/index': 'test/extension/index.ts' }, 'out');
  builds.push({ ...tests, external: [...tests.external, 'mocha'] });
}

function copyAssets() {
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  mkdirSync(join(root, 'dist/codicons'), { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, file), join(root, 'dist/codicons', file));
}

// Only a production build starts clean: a failed dev build must not take other bundles with it.
if (production) rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
copyAssets();

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('stevedore: watching for changes');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
  console.log(`stevedore: built in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
