// compose-spec merge.md, "Reset value" and "Replace value": `!reset` in a later file clears what the
// earlier files set (its own value ignored), `!override` replaces it whole instead of merging.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintCompose, parseComposeText, resolveComposeProject, type ComposeProjectModel } from '../../../src/compose';
import { mergeTagPlaces, withoutPath } from '../../../src/compose/reset';

let dir: string;

function project(files: Record<string, string>, order?: string[]): ComposeProjectModel {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return resolveComposeProject({ workingDir: dir, env: {}, ...(order ? { files: order } : {}) });
}

const app = (model: ComposeProjectModel): Record<string, unknown> => {
  const found = model.services.find((service) => service.name === 'app');
  assert.ok(found, `app in ${model.services.map((s) => s.name).join(', ')}`);
  return found.config;
};

const BASE = 'services:\n  app:\n    image: myapp:1\n    ports:\n      - "127.0.0.1:8080:80"\n    environment:\n      FOO: BAR\n      KEEP: "1"\n';

describe('!reset and !override in override files (compose-spec merge.md)', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-compose-reset-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('!reset clears a list and a mapping entry set by the base file (the specification\'s example)', () => {
    const model = project({
      'compose.yaml': BASE,
      'compose.override.yaml': 'services:\n  app:\n    image: myapp:1\n    ports: !reset []\n    environment:\n      FOO: !reset null\n',
    });
    assert.deepEqual(model.diagnostics, []);
    const config = app(model);
    assert.equal(config.ports, undefined, 'no ports left: not the base\'s, not []');
    assert.deepEqual(config.environment, { KEEP: '1' });
  });

  it('without the tags the same override merges: ports appended, FOO kept', () => {
    const model = project({
      'compose.yaml': BASE,
      'compose.override.yaml': 'services:\n  app:\n    ports: ["127.0.0.1:8443:443"]\n    environment:\n      OTHER: "2"\n',
    });
    assert.equal((app(model).ports as unknown[]).length, 2);
    assert.deepEqual(app(model).environment, { FOO: 'BAR', KEEP: '1', OTHER: '2' });
  });

  it('!override replaces a list instead of appending to it, and a mapping instead of merging it', () => {
    const model = project({
      'compose.yaml': BASE,
      'compose.override.yaml': 'services:\n  app:\n    ports: !override\n      - "127.0.0.1:8443:443"\n    environment: !override\n      ONLY: "yes"\n',
    });
    const config = app(model);
    assert.deepEqual((config.ports as Array<{ published: string | number; target: number }>).map((port) => [String(port.published), port.target]), [['8443', 443]]);
    assert.deepEqual(config.environment, { ONLY: 'yes' });
    assert.equal(config.image, 'myapp:1', 'what is not tagged still merges');
  });

  it('!reset of an environment entry also clears it from a base written in list form', () => {
    const model = project({
      'compose.yaml': 'services:\n  app:\n    image: myapp:1\n    environment:\n      - FOO=BAR\n      - KEEP=1\n',
      'compose.override.yaml': 'services:\n  app:\n    environment:\n      FOO: !reset null\n',
    });
    assert.deepEqual(app(model).environment, { KEEP: '1' });
  });

  it('!reset deep inside deploy.resources clears the limit the resources are read from', () => {
    const model = project({
      'compose.yaml': 'services:\n  app:\n    image: myapp:1\n    deploy:\n      resources:\n        limits: {memory: 64M, cpus: "0.5"}\n        reservations: {memory: 32M}\n',
      'compose.override.yaml': 'services:\n  app:\n    deploy:\n      resources:\n        limits: !reset {}\n',
    });
    const service = model.services.find((s) => s.name === 'app')!;
    assert.equal(service.resources.memoryLimitBytes, undefined);
    assert.equal(service.resources.cpuLimit, undefined);
    assert.equal(service.resources.memoryReservationBytes, 32 * 1024 * 1024);
  });

  it('!reset of a whole service removes it; a later file can set it again; order of -f files decides', () => {
    const files = {
      'base.yaml': BASE + '  worker:\n    image: worker:1\n',
      'drop.yaml': 'services:\n  worker: !reset null\n',
      'again.yaml': 'services:\n  worker:\n    image: worker:2\n',
    };
    assert.deepEqual(project(files, ['base.yaml', 'drop.yaml']).services.map((s) => s.name), ['app']);
    const readded = resolveComposeProject({ workingDir: dir, env: {}, files: ['base.yaml', 'drop.yaml', 'again.yaml'] });
    assert.deepEqual(readded.services.find((s) => s.name === 'worker')?.config.image, 'worker:2');
  });

  it('in a single file, !reset leaves the key out and !override keeps the value', () => {
    const model = project({ 'compose.yaml': 'services:\n  app:\n    image: myapp:1\n    command: !reset ["ignored"]\n    ports: !override ["127.0.0.1:8080:80"]\n' });
    assert.equal(app(model).command, undefined);
    assert.equal((app(model).ports as unknown[]).length, 1);
  });

  it('finds the tagged places once each, not again through aliases, in bounded time', () => {
    const doc = parseComposeText('x-a: &a !reset []\nservices:\n  app:\n    ports: *a\n    environment:\n      A: !override "1"\n    labels: [!reset x]\n');
    assert.deepEqual(mergeTagPlaces(doc.root), [
      { path: ['x-a'], tag: '!reset' },
      { path: ['services', 'app', 'environment', 'A'], tag: '!override' },
      { path: ['services', 'app', 'labels', 0], tag: '!reset' },
    ]);
    const many = `services:\n${Array.from({ length: 3000 }, (_, i) => `  s${i}:\n    image: a:1\n    ports: !reset []\n`).join('')}`;
    const root = parseComposeText(many).root;
    // The walk alone is timed (the parse is not this module's): linear, each node once.
    const started = performance.now();
    assert.equal(mergeTagPlaces(root).length, 3000);
    assert.ok(performance.now() - started < 1000, `${(performance.now() - started).toFixed(0)} ms`);
  });

  it('withoutPath copies along the path only and ignores paths that are not there', () => {
    const shared = { deep: [1, 2] };
    const value = { a: { b: 1, c: shared }, list: ['X=1', 'Y', 'Z=3'] };
    assert.deepEqual(withoutPath(value, ['a', 'b']), { a: { c: shared }, list: value.list });
    assert.equal((withoutPath(value, ['a', 'b']) as typeof value).a.c, shared);
    assert.deepEqual(withoutPath(value, ['list', 'Y']), { a: value.a, list: ['X=1', 'Z=3'] });
    assert.deepEqual(withoutPath(value, ['list', 0]), { a: value.a, list: ['Y', 'Z=3'] });
    assert.equal(withoutPath(value, ['nope', 'x']), value);
    assert.equal(withoutPath('scalar', ['x']), 'scalar');
  });

  it('lint does not judge the value written under !reset (Compose ignores it)', () => {
    const text = 'services:\n  app:\n    image: myapp:1\n    ports: !reset null\n    mem_reservation: !reset null\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: !reset null\n';
    const codes = lintCompose(text).findings.map((finding) => finding.code);
    for (const code of ['SDC1000', 'SDC1002', 'SDC1003', 'SDC1004']) assert.ok(!codes.includes(code), `${code} in ${codes.join(' ')}`);
    assert.ok(lintCompose('services:\n  app:\n    image: myapp:1\n    ports: null-ish\n').findings.some((f) => f.code === 'SDC1002'), 'untagged, the same value is still wrong');
  });
});
