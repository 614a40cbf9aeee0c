// One build for everything that runs: the extension (Node, CJS, `vscode` external), the lazily
// loaded feature bundles, the CLI, each webview (browser) and the extension-test bundle.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync, chmodSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlDebugFlags } from './yaml-debug-flags.mjs';

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

/** `path` as a require() from `outputDir`: `./x.js` or `../vendor/x.js`. */
function requirePath(outputDir, path) {
  const result = relative(join(root, outputDir), join(root, path)).split('\\').join('/');
  return result.startsWith('.') ? result : `./${result}`;
}

/**
 * The two largest dependencies, each bundled once under dist/vendor/ and required by every bundle
 * that uses them: dockerode (with ssh2: lazily loaded features and the CLI) and mvdan-sh (3 MB of
 * GopherJS, the RUN parser for complex scripts; loaded on first use by the Dockerfile engine).
 */
const VENDORED = { dockerode: 'dist/vendor/dockerode.js', 'mvdan-sh': 'dist/vendor/mvdan-sh.js', yaml: 'dist/vendor/yaml.js', undici: 'dist/vendor/undici.js' };
/**
 * The extension's feature bundles also share yaml (the compose engine and .hadolint.yaml: six
 * copies of 112 KB otherwise, which the .vsix's 2 MB budget cannot carry); the CLI keeps its own
 * inside each part, one file less to open on the lint path. undici is shared by the load test's
 * panel and the worker thread its traffic runs on (dist/features/load-worker.js).
 */
const FEATURE_VENDORED = ['dockerode', 'mvdan-sh', 'yaml', 'undici'];
function sharedVendor(outputDir, names = ['dockerode', 'mvdan-sh']) {
  const filter = new RegExp(`^(${names.join('|')})$`);
  return {
    name: 'shared-vendor',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: requirePath(outputDir, VENDORED[args.path]), external: true }));
    },
  };
}

/**
 * The CLI in parts (dist/cli/), so `stevedore lint` reads only the command line and the Dockerfile
 * engine: the image and stats engines, which the analyze/diff/stats subcommands load with a
 * require() or import() when they run, are bundles of their own (dist/cli/image.js, stats.js, load.js); the
 * Docker connection (src/docker) is one bundle all of them share, so its error classes stay one
 * class each. (esbuild's code splitting needs ESM output; these are CommonJS bundles.)
 */
function cliParts(part) {
  const source = (...parts) => join(root, 'src', ...parts);
  const lazyEngines = new Map([
    [source('image', 'index'), './image.js'], [source('image'), './image.js'],
    [source('stats', 'index'), './stats.js'], [source('stats'), './stats.js'],
    [source('load', 'index'), './load.js'], [source('load'), './load.js'],
  ]);
  return {
    name: 'cli-parts',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const target = join(args.resolveDir, args.path).replace(/\.ts$/, '');
        const from = args.importer;
        if (part !== 'docker' && target.startsWith(source('docker') + '/') && !from.startsWith(source('docker') + '/')) {
          return { path: './docker.js', external: true };
        }
        if (args.namespace === 'cli-lazy') return { path: args.path, external: true };
        const lazy = lazyEngines.get(target);
        // The load engine reads saturation through the stats engine: the one stats bundle, not a copy.
        if (lazy === './stats.js' && part === 'load' && from.startsWith(source('load') + '/')) return { path: lazy, external: true };
        if (!lazy || !from.startsWith(source('cli') + '/')) return undefined;
        if (args.kind === 'require-call') return { path: lazy, external: true };
        // import() of an external file would stay an import() (an ES module load, slower, and one
        // vm.Script cannot make without an experimental flag): a module that require()s it instead.
        if (args.kind === 'dynamic-import') return { path: lazy, namespace: 'cli-lazy' };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'cli-lazy' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js',
      }));
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

/** The modules of src/docker the CLI's parts share (every one but the dockerode build's stand-in). */
const DOCKER_MODULES = readdirSync(join(root, 'src/docker'))
  .filter((name) => name.endsWith('.ts') && name !== 'noBuildkitSession.ts')
  .map((name) => name.slice(0, -3));

/**
 * jsonc-parser's `main` is a UMD module whose factory require()s its own files at run time, which a
 * bundle does not have: its ES module build is bundled instead.
 */
const alias = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };

const nodeBuild = (entryPoints, outdir, { vendored, ...extra } = {}) => {
  const outputDir = join(outdir, dirname(Object.keys(entryPoints)[0]));
  return {
    ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, alias,
    entryPoints, outdir, ...extra, plugins: [sharedVendor(outputDir, vendored), yamlDebugFlags, ...(extra.plugins ?? [])],
  };
};

const builds = [
  // The activation path: tiny, registers everything, loads features on first use.
  nodeBuild({ extension: 'src/extension.ts' }, 'dist'),
  nodeBuild({ 'features/dockerfile': 'src/vscode/dockerfile/feature.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  nodeBuild({ 'features/image': 'src/vscode/image/feature.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  nodeBuild({ 'features/stats': 'src/vscode/stats/feature.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  nodeBuild({ 'features/logs': 'src/vscode/logs/feature.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  nodeBuild({ 'features/load': 'src/vscode/load/feature.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  nodeBuild({ 'features/load-worker': 'src/load/worker.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  nodeBuild({ 'features/compose': 'src/vscode/compose/feature.ts' }, 'dist', { vendored: FEATURE_VENDORED }),
  // The CLI: a few-line executable, then its parts, minified (less to read and compile at each start).
  nodeBuild({ cli: 'src/cli/bin.ts' }, 'dist', { banner: { js: '#!/usr/bin/env node' }, minify: true }),
  nodeBuild({ 'cli/main': 'src/cli/main.ts' }, 'dist', { minify: true, plugins: [cliParts('main')] }),
  nodeBuild({ 'cli/image': 'src/image/index.ts' }, 'dist', { minify: true, plugins: [cliParts('image')] }),
  nodeBuild({ 'cli/stats': 'src/stats/index.ts' }, 'dist', { minify: true, plugins: [cliParts('stats')] }),
  nodeBuild({ 'cli/load': 'src/load/index.ts' }, 'dist', { minify: true, plugins: [cliParts('load')] }),
  {
    ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, minify: true,
    stdin: {
      contents: DOCKER_MODULES.map((name) => `export * from './src/docker/${name}';`).join('\n'),
      resolveDir: root, sourcefile: 'src/docker (the CLI\'s shared connection)', loader: 'ts',
    },
    outfile: 'dist/cli/docker.js', plugins: [sharedVendor('dist/cli')],
  },
  {
    ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, minify: true,
    entryPoints: { 'vendor/dockerode': 'dockerode', 'vendor/mvdan-sh': 'mvdan-sh', 'vendor/yaml': 'yaml', 'vendor/undici': 'undici' }, outdir: 'dist', plugins: [noBuildkitSession, yamlDebugFlags],
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
      'webview/logs': 'webview/logs/main.ts',
      'webview/load': 'webview/load/main.ts',
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
