// Hostile compose files and .env files (a cloned repository's, read by the editor on its own): every
// cost is bounded and every refusal says which file and what to do, fast.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ComposeFileError, loadComposeProject, parseDotEnv, COMPOSE_LIMITS } from '../../../src/stats/compose';
import { interpolate, InterpolationError } from '../../../src/compose/interpolate';

function folder(files: Record<string, string>): string {
  const root = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-hostile-'))), 'proj');
  mkdirSync(root, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  return root;
}

/** Runs `load`, which must refuse with a ComposeFileError matching `message`, within `boundMs`. */
function refusedFast(load: () => unknown, message: RegExp, boundMs: number): string {
  const started = performance.now();
  let caught: unknown;
  try {
    load();
  } catch (error) {
    caught = error;
  }
  const elapsed = performance.now() - started;
  assert.ok(caught instanceof ComposeFileError, `expected a ComposeFileError, got ${caught instanceof Error ? `${caught.name}: ${caught.message.slice(0, 200)}` : String(caught)}`);
  assert.match(caught.message, message);
  assert.doesNotMatch(caught.message, /Maximum call stack|Cannot read properties|undefined/);
  assert.ok(elapsed < boundMs, `refused after ${elapsed.toFixed(0)} ms (bound ${boundMs} ms)`);
  return caught.message;
}

describe('compose files: hostile input is refused with a clear message, fast', () => {
  it('refuses YAML aliases that expand a list thousands of times (no gigabytes of copies)', () => {
    // 2,000 aliases of a 1,000-item list: 2 million values once expanded; the old bound let it through
    // (9,000 aliases of a 100,000-item list went past 3 GB).
    const items = Array.from({ length: 1_000 }, (_, i) => `  - v${i}`).join('\n');
    const aliases = Array.from({ length: 2_000 }, (_, i) => `    a${i}: *big`).join('\n');
    const dir = folder({ 'compose.yaml': `x-big: &big\n${items}\nservices:\n  web:\n    image: busybox\n    labels:\n${aliases}\n` });
    const message = refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml.*expands to more than 1,000,000 values.*aliases/, 5000);
    assert.match(message, /compose\.yaml/);
  });

  it('refuses merge keys (<<) that copy a big mapping many times', () => {
    const keys = Array.from({ length: 4_000 }, (_, i) => `  k${i}: v`).join('\n');
    const services = Array.from({ length: 300 }, (_, i) => `  s${i}:\n    <<: *base`).join('\n');
    const dir = folder({ 'compose.yaml': `x-base: &base\n${keys}\nservices:\n${services}\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /expands to more than 1,000,000 values/, 5000);
  });

  it('refuses an alias inside the node it names (an endless structure), instead of overflowing the stack', () => {
    for (const text of ['services:\n  web:\n    labels: &c [*c]\n', 'services: &s\n  web:\n    <<: *s\n', 'x: &a {b: [1, {c: *a}]}\nservices: {}\n']) {
      const dir = folder({ 'compose.yaml': text });
      refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml uses the alias \*\w inside the node it names .*endless structure/, 1000);
    }
  });

  it('still reads a reasonable anchor and merge-key file (the bound is not in the way)', () => {
    const services = Array.from({ length: 300 }, (_, i) => `  s${i}:\n    <<: *base\n    image: app${i}`).join('\n');
    const dir = folder({ 'compose.yaml': `x-base: &base\n  mem_limit: 64m\n  labels: [a, b, c]\nservices:\n${services}\n` });
    const project = loadComposeProject({ folder: dir, env: {} });
    assert.equal(project.services.length, 300);
    assert.equal(project.services[299].declared.memoryLimitBytes, 64 * 1024 * 1024);
  });

  it('refuses a compose file over the size bound before parsing it', () => {
    const dir = folder({ 'compose.yaml': `services:\n  web:\n    image: busybox\n# ${'x'.repeat(COMPOSE_LIMITS.maxFileBytes)}\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml is larger than 1 MiB: Stevedore reads compose files up to 1 MiB/, 1000);
  });

  it('counts thousands of services in linear time and refuses too many with a clear error', () => {
    // yaml's own duplicate-key check was quadratic (30,000 services: 9 s); now one pass, then the count bound.
    const services = Array.from({ length: 6_000 }, (_, i) => `  s${i}: {}`).join('\n');
    const dir = folder({ 'compose.yaml': `services:\n${services}\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml declares 6,000 services: Stevedore follows at most 5,000/, 4000);
  });

  it('still reports a key defined twice, with its line', () => {
    const dir = folder({ 'compose.yaml': 'services:\n  web:\n    image: a\n  web:\n    image: b\n' });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml.*line 4.*"web" is defined twice/, 1000);
  });

  it('refuses YAML nested deeper than the bound instead of overflowing the stack', () => {
    const dir = folder({ 'compose.yaml': `services:\n  web:\n    labels: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml nests more than 64 levels deep/, 3000);
    // Block scalars between the levels do not hide the depth, and the line is right.
    const staircase = Array.from({ length: 70 }, (_, i) => `${' '.repeat(i + 1)}k${i}: |\n${' '.repeat(i + 3)}text\n${' '.repeat(i + 1)}n${i}:`).join('\n');
    const stairs = folder({ 'compose.yaml': `services:\n${staircase} x\n` });
    refusedFast(() => loadComposeProject({ folder: stairs, env: {} }), /nests more than 64 levels deep \(line \d{3}\)/, 2000);
    const moderate = folder({ 'compose.yaml': `services:\n  web:\n    labels: ${'['.repeat(200)}${']'.repeat(200)}\n` });
    refusedFast(() => loadComposeProject({ folder: moderate, env: {} }), /nests more than 64 levels deep/, 1000);
  });

  it('refuses ${A:-${A:-...}} nested 20,000 deep with the nesting bound, not a stack overflow', () => {
    const deep = '${A:-'.repeat(20_000) + 'x' + '}'.repeat(20_000);
    const dir = folder({ 'compose.yaml': `services:\n  web:\n    image: "${deep}"\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml:.*nested more than 32 deep/, 2000);
    assert.throws(() => interpolate(deep, () => undefined), (error: Error) => error instanceof InterpolationError && /nested more than 32 deep/.test(error.message));
    assert.equal(interpolate('${A:-${B:-${C:-deep}}}', () => undefined), 'deep', 'ordinary nesting still works');
  });

  it('refuses interpolation that multiplies a big .env value into gigabytes', () => {
    const refs = Array.from({ length: 2_000 }, (_, i) => `      l${i}: "\${BIG}"`).join('\n');
    const dir = folder({ 'compose.yaml': `services:\n  web:\n    labels:\n${refs}\n`, '.env': `BIG=${'y'.repeat(100_000)}\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml.*more than 16 MiB of text once variables are substituted/, 3000);
  });

  it('refuses a compose file that is not a regular file (a FIFO would block forever)', function () {
    const dir = folder({});
    execFileSync('mkfifo', [join(dir, 'compose.yaml')]);
    refusedFast(() => loadComposeProject({ folder: dir, files: ['compose.yaml'], env: {} }), /compose\.yaml is not a regular file/, 1000);
  });

  it('refuses an oversized .env file with its name', () => {
    const dir = folder({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n', '.env': `A=${'z'.repeat(COMPOSE_LIMITS.maxDotEnvBytes)}\n` });
    refusedFast(() => loadComposeProject({ folder: dir, env: {} }), /\.env is larger than 1 MiB/, 1000);
  });
});

describe('.env parsing: linear time on any line', () => {
  it('strips a comment after a value from a line of 60,000 spaces in milliseconds (was a quadratic regex: 36 s at 200k)', () => {
    const line = `A=x${' '.repeat(60_000)}y`;
    const started = performance.now();
    const parsed = parseDotEnv(`${line}\nB=1 # note\nC=a#b\nD=v\t# tab comment`);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 300, `took ${elapsed.toFixed(0)} ms`);
    assert.equal(parsed.A, `x${' '.repeat(60_000)}y`);
    assert.equal(parsed.B, '1');
    assert.equal(parsed.C, 'a#b', 'a # without whitespace before it is part of the value');
    assert.equal(parsed.D, 'v');
  });
});
