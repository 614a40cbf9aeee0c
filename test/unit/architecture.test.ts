// The layers hold: every import in src/ and webview/ is read (static, dynamic, require, `import()`
// types) and checked against the picture in docs and STYLE.md:
//   engines (src/dockerfile, src/image, src/stats, src/compose, src/load, src/logs) never import
//   `vscode`, src/vscode, src/cli or webview/; src/docker and src/shared import no engine and no glue;
//   webview/ imports only src/shared and webview/; src/cli and src/vscode reach an engine only
//   through its index.ts and never import each other. Known exceptions are listed below, each with
//   the reason it is still there; an entry that no longer matches an import fails too, so the list
//   only shrinks.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..');
const ENGINES = ['dockerfile', 'image', 'stats', 'compose', 'load', 'logs'];

type Layer =
  | { kind: 'engine'; name: string }
  | { kind: 'docker' | 'shared' | 'cli' | 'vscode' | 'webview' | 'vscode-api' | 'other' };

/** The layer a repository path (with `/`) or a bare module name belongs to. */
function layerOf(path: string): Layer {
  if (path === 'vscode') return { kind: 'vscode-api' };
  const parts = path.split('/');
  if (parts[0] === 'webview') return { kind: 'webview' };
  if (parts[0] !== 'src') return { kind: 'other' };
  if (parts[1] === 'extension.ts' || parts[1] === 'vscode') return { kind: 'vscode' };
  if (parts[1] === 'cli') return { kind: 'cli' };
  if (parts[1] === 'docker') return { kind: 'docker' };
  if (parts[1] === 'shared') return { kind: 'shared' };
  if (ENGINES.includes(parts[1])) return { kind: 'engine', name: parts[1] };
  return { kind: 'other' };
}

/** What an import specifier names: a repository path without extension (`src/image/index`), or the bare module. */
function importTarget(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier === 'vscode' || specifier.startsWith('vscode/') ? 'vscode' : `node_modules/${specifier}`;
  const joined = relative(root, join(root, dirname(fromFile), specifier)).split(sep).join('/');
  return joined.replace(/\.(ts|js|mjs|cjs)$/, '');
}

const isIndex = (target: string, engine: string): boolean => target === `src/${engine}` || target === `src/${engine}/index`;

/** Why importing `target` from `fromFile` crosses a layer the wrong way, or undefined when it does not. */
function violation(fromFile: string, target: string): string | undefined {
  const from = layerOf(fromFile);
  const to = layerOf(target);
  if (to.kind === 'other') return undefined;
  const names = (layer: Layer): string => (layer.kind === 'engine' ? `engine src/${layer.name}` : layer.kind);
  switch (from.kind) {
    case 'engine':
      if (to.kind === 'vscode-api' || to.kind === 'vscode' || to.kind === 'cli' || to.kind === 'webview') {
        return `an engine imports ${names(to)}`;
      }
      return undefined;
    case 'docker':
      return to.kind === 'docker' || to.kind === 'shared' ? undefined : `src/docker imports ${names(to)}`;
    case 'shared':
      return to.kind === 'shared' ? undefined : `src/shared imports ${names(to)}`;
    case 'webview':
      return to.kind === 'webview' || to.kind === 'shared' ? undefined : `webview/ imports ${names(to)} (only src/shared and webview/)`;
    case 'cli':
    case 'vscode':
      if (to.kind === 'webview') return `src/${from.kind} imports webview/`;
      if (from.kind === 'cli' && (to.kind === 'vscode' || to.kind === 'vscode-api')) return `src/cli imports ${names(to)}`;
      if (from.kind === 'vscode' && to.kind === 'cli') return 'src/vscode imports src/cli';
      if (to.kind === 'engine' && !isIndex(target, to.name)) return `src/${from.kind} bypasses ${names(to)}'s index.ts`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Imports that cross a layer today and are left for later, each with its reason. Remove an entry
 * when its import goes; the test fails on entries that no longer match.
 */
const ALLOWED: Array<{ from: string; to: string; todo: string }> = [
];

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const path = `${folder}/${name}`;
    if (statSync(join(root, path)).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** Every import of a file: static, `export from`, dynamic `import()`, `require()`, and `import()` types. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

describe('architecture: imports follow the layers', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('webview')];
  const found: Array<{ from: string; to: string; why: string }> = [];
  for (const file of files) {
    for (const specifier of importsOf(readFileSync(join(root, file), 'utf8'))) {
      const to = importTarget(file, specifier);
      const why = violation(file, to);
      if (why) found.push({ from: file, to, why });
    }
  }

  it('reads the imports of every source file (static, dynamic, require, import types)', () => {
    assert.ok(files.length > 100, `only ${files.length} files found`);
    assert.deepEqual(importsOf("import type { A } from './a';\nexport * from './b';\nconst c = require('./c');\ntype D = typeof import('./d');\nvoid import('./e');"), [
      './a', './b', './c', './d', './e',
    ]);
  });

  it('tells a wrong-way import from a right one', () => {
    const cases: Array<[string, string, boolean]> = [
      ['src/image/report.ts', '../shared/units', false],
      ['src/image/sources/engine.ts', '../../docker/connection', false],
      ['src/image/analysis.ts', 'vscode', true],
      ['src/stats/monitor.ts', '../vscode/host', true],
      ['src/dockerfile/engine.ts', '../cli/lint', true],
      ['src/docker/connection.ts', '../stats/types', true],
      ['src/shared/units.ts', '../image/types', true],
      ['webview/analyze/main.ts', '../../src/shared/protocol/analyze', false],
      ['webview/analyze/format.ts', '../../src/image/report', true],
      ['webview/stats/format.ts', '../../src/stats/units', true],
      ['src/vscode/image/feature.ts', '../../../webview/analyze/format', true],
      ['src/vscode/image/feature.ts', '../../image', false],
      ['src/vscode/image/feature.ts', '../../image/index', false],
      ['src/vscode/image/feature.ts', '../../image/ci', true],
      ['src/vscode/dockerfile/settings.ts', '../../cli/lint', true],
      ['src/cli/stats.ts', '../stats/units', true],
      ['src/cli/stats.ts', '../shared/units', false],
      ['src/cli/main.ts', '../../package.json', false],
    ];
    for (const [from, specifier, wrong] of cases) {
      assert.equal(violation(from, importTarget(from, specifier)) !== undefined, wrong, `${from} -> ${specifier}`);
    }
  });

  it('finds no import crossing a layer the wrong way, outside the listed exceptions', () => {
    const unexpected = found.filter((v) => !ALLOWED.some((allowed) => allowed.from === v.from && allowed.to === v.to));
    assert.deepEqual(unexpected.map((v) => `${v.from} -> ${v.to}: ${v.why}`), []);
  });

  it('lists no exception that no longer happens (the list only shrinks)', () => {
    const stale = ALLOWED.filter((allowed) => !found.some((v) => v.from === allowed.from && v.to === allowed.to));
    assert.deepEqual(stale.map((s) => `${s.from} -> ${s.to}`), []);
  });
});
