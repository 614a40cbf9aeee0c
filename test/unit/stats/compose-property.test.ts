// Any compose file, .env file or ${...} string gives a project or a ComposeFileError (never another
// error, a stack overflow or a raw JS message), within a time bound: random YAML built from the
// constructs that cost (anchors, aliases, merge keys, flow nesting, interpolation), and the demo
// compose file mutated.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ComposeFileError, loadComposeProject, parseDotEnv } from '../../../src/stats/compose';
import { interpolate, InterpolationError } from '../../../src/compose/interpolate';

const root = join(__dirname, '..', '..', '..');
const DEMO = readFileSync(join(root, 'demo', 'compose.yaml'), 'utf8');
const RAW_JS = /Maximum call stack|Cannot read properties|is not a function|is not iterable|undefined|\[object Object\]/;

const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-compose-prop-'))), 'proj');
mkdirSync(dir);
after(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

/** Load `text` as the folder's compose.yaml (and `.env`): a project or a ComposeFileError, in time. */
function checkLoad(text: string, dotEnv: string | undefined, boundMs: number): void {
  writeFileSync(join(dir, 'compose.yaml'), text);
  if (dotEnv === undefined) rmSync(join(dir, '.env'), { force: true });
  else writeFileSync(join(dir, '.env'), dotEnv);
  const started = performance.now();
  try {
    const project = loadComposeProject({ folder: dir, env: {} });
    assert.ok(Array.isArray(project.services));
    for (const service of project.services) assert.equal(typeof service.name, 'string');
  } catch (error) {
    assert.ok(error instanceof ComposeFileError, `not a ComposeFileError: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)} for ${JSON.stringify(text.slice(0, 300))}`);
    assert.doesNotMatch(error.message, RAW_JS, `a raw JS message for ${JSON.stringify(text.slice(0, 300))}`);
    assert.match(error.message, /compose\.yaml|\.env/, 'the message names the file');
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < boundMs, `took ${elapsed.toFixed(0)} ms (bound ${boundMs} ms) on ${text.length} characters`);
}

const scalar = fc.oneof(
  fc.constantFrom('busybox', '"quoted # not a comment"', "'single'", '512M', '0.5', 'null', '~', 'true', '-1', '""', '${A}', '${A:-d}', '${A:-${B:-x}}', '$$x', '${A:?need A}', '${', '$', '@', '`', '|', '>', '!!str x', '!tag x', '%', 'a: b', '- x'),
  fc.string({ maxLength: 12 }),
);
const key = fc.oneof(fc.constantFrom('services', 'web', 'image', 'deploy', 'resources', 'limits', 'memory', 'cpus', 'mem_limit', 'scale', 'profiles', 'name', '<<', 'x-base', '? complex'), fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/));
const anchorName = fc.constantFrom('a', 'b', 'c');

/** A YAML value, as text, at an indentation: nested maps and lists, flow collections, anchors, aliases. */
const value: fc.Memo<string> = fc.memo((n) => {
  if (n <= 1) return fc.oneof(scalar, anchorName.map((name) => `*${name}`));
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: anchorName.map((name) => `*${name}`) },
    { weight: 2, arbitrary: fc.array(value(n - 1), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`) },
    { weight: 2, arbitrary: fc.array(fc.tuple(key, value(n - 1)), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`) },
    { weight: 1, arbitrary: fc.tuple(anchorName, value(n - 1)).map(([name, v]) => `&${name} ${v}`) },
  );
});

const block = fc
  .array(fc.tuple(fc.nat({ max: 3 }), key, value(4), fc.boolean()), { maxLength: 25 })
  .map((lines) => lines.map(([indent, k, v, dash]) => `${'  '.repeat(indent)}${dash ? '- ' : ''}${k}: ${v}`).join('\n'));

describe('compose files: any input is a project or a clear error, in bounded time (property)', () => {
  it('random YAML with anchors, aliases, merge keys, flow nesting and interpolation', () => {
    fc.assert(
      fc.property(block, fc.option(fc.string({ maxLength: 60 }), { nil: undefined }), (text, dotEnv) => checkLoad(`services:\n${text}\n`, dotEnv, 2000)),
      { numRuns: 300 },
    );
  });

  it('the demo compose file with random edits (cut, duplicated, spliced, byte noise)', () => {
    const lines = DEMO.split('\n');
    const edit = fc.oneof(
      fc.tuple(fc.nat(lines.length), fc.nat(lines.length)).map(([a, b]) => [...lines.slice(0, Math.min(a, b)), ...lines.slice(Math.max(a, b))].join('\n')),
      fc.tuple(fc.nat(lines.length), fc.nat(20)).map(([at, times]) => [...lines.slice(0, at), ...Array(times).fill(lines[at] ?? ''), ...lines.slice(at)].join('\n')),
      fc.tuple(fc.nat(DEMO.length), fc.string({ maxLength: 20 })).map(([at, noise]) => DEMO.slice(0, at) + noise + DEMO.slice(at)),
      fc.tuple(fc.nat(DEMO.length), fc.constantFrom('&a ', '*a', '<<: *a\n', '[', '{', '${', '}', '\t', '\u0000', '\uFEFF', '---\n', '...\n')).map(([at, token]) => DEMO.slice(0, at) + token + DEMO.slice(at)),
    );
    fc.assert(fc.property(edit, (text) => checkLoad(text, undefined, 2000)), { numRuns: 300 });
  });

  it('hostile shapes at the bounds: deep nesting, alias fan-out, long lines', () => {
    const hostile = fc.oneof(
      fc.integer({ min: 1, max: 3000 }).map((depth) => `services:\n  web:\n    labels: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
      fc.integer({ min: 1, max: 3000 }).map((depth) => `services:\n  web:\n    labels: ${'{a: '.repeat(depth)}x${'}'.repeat(depth)}\n`),
      fc.integer({ min: 1, max: 400 }).map((depth) => `services:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n`),
      fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 })).map(
        ([items, aliases]) => `x: &a [${Array(items).fill('v').join(',')}]\nservices:\n  web:\n    labels: [${Array(aliases).fill('*a').join(',')}]\n`,
      ),
      fc.integer({ min: 1, max: 20_000 }).map((depth) => `services:\n  web:\n    image: "${'${A:-'.repeat(depth)}x${'}'.repeat(depth)}"\n`),
    );
    fc.assert(fc.property(hostile, (text) => checkLoad(text, undefined, 4000)), { numRuns: 40 });
  });
});

describe('.env and ${...}: any text, linear time, no raw errors (property)', () => {
  it('parseDotEnv never throws and stays fast on any text, including long runs of blanks and #', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.tuple(fc.constantFrom('A=', 'export A=', 'A = "', "A='"), fc.constantFrom(' ', '\t', '#', ' #', '"', "'", '\\'), fc.integer({ min: 0, max: 20_000 }), fc.string({ maxLength: 5 })).map(
        ([head, unit, times, tail]) => head + unit.repeat(times) + tail,
      ),
    );
    fc.assert(
      fc.property(text, (input) => {
        const started = performance.now();
        const parsed = parseDotEnv(input);
        assert.equal(typeof parsed, 'object');
        assert.ok(performance.now() - started < 200, `${input.length} characters took ${(performance.now() - started).toFixed(0)} ms`);
      }),
      { numRuns: 300 },
    );
  });

  it('interpolate returns a string or an InterpolationError with a readable message', () => {
    const text = fc.array(fc.constantFrom('$', '{', '}', ':', '-', '+', '?', 'A', 'B', '_', '1', ' ', '$$', '${A', ':-', '${B:-'), { maxLength: 200 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (input) => {
        try {
          assert.equal(typeof interpolate(input, (name) => (name === 'A' ? 'a' : undefined)), 'string');
        } catch (error) {
          assert.ok(error instanceof InterpolationError, `${String(error)} for ${JSON.stringify(input)}`);
          assert.doesNotMatch(error.message, RAW_JS);
        }
      }),
      { numRuns: 500 },
    );
  });
});
