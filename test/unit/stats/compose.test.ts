// Compose discovery and the project name, as Compose resolves them, on real files in temp folders.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeFileError, findComposeFiles, loadComposeProject, normalizeProjectName } from '../../../src/stats/compose';

function folder(files: Record<string, string>, name = 'proj'): string {
  const root = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-compose-'))), name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

const SERVICE = 'services:\n  web:\n    image: busybox\n';

describe('compose discovery: which files, in Compose order', () => {
  it('prefers compose.yaml over docker-compose.yml and says so', () => {
    const dir = folder({ 'compose.yaml': SERVICE, 'docker-compose.yml': SERVICE });
    const { files, warnings } = findComposeFiles(dir, [], {});
    assert.deepEqual(files, [join(dir, 'compose.yaml')]);
    assert.match(warnings[0], /using compose\.yaml/);
  });

  it('adds the override file beside it', () => {
    const dir = folder({ 'docker-compose.yml': SERVICE, 'docker-compose.override.yml': 'services:\n  web:\n    mem_limit: 64m\n' });
    assert.deepEqual(findComposeFiles(dir, [], {}).files, [join(dir, 'docker-compose.yml'), join(dir, 'docker-compose.override.yml')]);
    const project = loadComposeProject({ folder: dir, env: {} });
    assert.equal(project.services[0].declared.memoryLimitBytes, 64 * 1024 * 1024, 'the override is merged');
  });

  it('walks up to the parent folders like Compose', () => {
    const dir = folder({ 'compose.yml': SERVICE, 'src/app/readme.txt': 'x' });
    assert.deepEqual(findComposeFiles(join(dir, 'src/app'), [], {}).files, [join(dir, 'compose.yml')]);
  });

  it('uses explicit files (the setting / --file) and COMPOSE_FILE before discovery', () => {
    const dir = folder({ 'compose.yaml': SERVICE, 'ops/stack.yml': SERVICE, 'ops/extra.yml': SERVICE });
    assert.deepEqual(findComposeFiles(dir, ['ops/stack.yml'], {}).files, [join(dir, 'ops/stack.yml')]);
    assert.deepEqual(findComposeFiles(dir, [], { COMPOSE_FILE: 'ops/stack.yml:ops/extra.yml', COMPOSE_PATH_SEPARATOR: ':' }).files, [join(dir, 'ops/stack.yml'), join(dir, 'ops/extra.yml')]);
  });

  it('says clearly when there is no compose file', () => {
    const dir = folder({ 'readme.md': '# nothing' });
    assert.throws(() => loadComposeProject({ folder: dir, env: {} }), (error: Error) => error instanceof ComposeFileError && /No compose file found in .*--file/.test(error.message));
  });

  it('reports invalid YAML with the file name instead of crashing', () => {
    const dir = folder({ 'compose.yaml': 'services:\n  web: [unclosed\n' });
    assert.throws(() => loadComposeProject({ folder: dir, env: {} }), (error: Error) => error instanceof ComposeFileError && error.message.includes('compose.yaml is not valid YAML'));
  });
});

describe('compose project name: -p, COMPOSE_PROJECT_NAME, name:, the folder', () => {
  it('normalises like compose-go: lowercase, only [a-z0-9_-], no leading _ or -', () => {
    assert.equal(normalizeProjectName('My Project.v2'), 'myprojectv2');
    assert.equal(normalizeProjectName('__-Demo_App'), 'demo_app');
    assert.equal(normalizeProjectName('ÄÖ-shop'), 'shop');
  });

  it('uses the folder name when nothing else is set', () => {
    const dir = folder({ 'compose.yaml': SERVICE }, 'My.Shop_2');
    const project = loadComposeProject({ folder: dir, env: {} });
    assert.equal(project.name, 'myshop_2');
    assert.equal(project.nameSource, 'folder');
  });

  it('uses top-level name:, interpolated', () => {
    const dir = folder({ 'compose.yaml': 'name: shop-${STAGE:-dev}\n' + SERVICE });
    assert.equal(loadComposeProject({ folder: dir, env: {} }).name, 'shop-dev');
    assert.equal(loadComposeProject({ folder: dir, env: { STAGE: 'prod' } }).name, 'shop-prod');
  });

  it('lets COMPOSE_PROJECT_NAME (environment or .env) override name:, and -p override both', () => {
    const dir = folder({ 'compose.yaml': 'name: fromfile\n' + SERVICE, '.env': 'COMPOSE_PROJECT_NAME=fromdotenv\n' });
    assert.equal(loadComposeProject({ folder: dir, env: {} }).name, 'fromdotenv');
    assert.equal(loadComposeProject({ folder: dir, env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).name, 'fromenv');
    assert.equal(loadComposeProject({ folder: dir, env: { COMPOSE_PROJECT_NAME: 'fromenv' }, projectName: 'Flag' }).name, 'flag');
  });
});

describe('compose services: declared resources, replicas, profiles', () => {
  const text = `
x-limits: &limits
  deploy:
    resources:
      limits: { memory: 512M, cpus: "0.5" }
      reservations: { memory: 128m }
services:
  api:
    <<: *limits
    image: shop/api
    command: ["sh", "-c", "echo $$HOME costs $$5"]
  worker:
    image: shop/worker
    mem_limit: \${WORKER_MEM:-1g}
    mem_reservation: 256mb
    cpus: 1.5
    scale: 3
  batch:
    image: shop/batch
    profiles: [manual]
    deploy:
      replicas: 2
`;

  it('reads deploy.resources through anchors and merge keys, and the legacy keys with interpolation', () => {
    const project = loadComposeProject({ folder: folder({ 'compose.yaml': text }), env: {} });
    const byName = Object.fromEntries(project.services.map((s) => [s.name, s]));
    assert.deepEqual(byName.api.declared, { memoryLimitBytes: 512 * 1024 ** 2, memoryReservationBytes: 128 * 1024 ** 2, cpuLimit: 0.5 });
    assert.deepEqual(byName.worker.declared, { memoryLimitBytes: 1024 ** 3, memoryReservationBytes: 256 * 1024 ** 2, cpuLimit: 1.5 });
    assert.equal(byName.worker.replicas, 3);
    assert.equal(byName.batch.replicas, 2);
    assert.deepEqual(byName.batch.profiles, ['manual']);
    assert.deepEqual(project.warnings, [], '$$ is a literal $, not a variable');
  });

  it('warns about unset variables without a default, as Compose does', () => {
    const project = loadComposeProject({ folder: folder({ 'compose.yaml': 'services:\n  web:\n    image: shop/${TAG}\n' }), env: {} });
    assert.match(project.warnings.join('\n'), /"TAG" variable is not set/);
  });

  it('stops with the message of a required variable (${VAR:?message})', () => {
    const dir = folder({ 'compose.yaml': 'services:\n  web:\n    image: shop/${TAG:?set TAG to the release}\n' });
    assert.throws(() => loadComposeProject({ folder: dir, env: {} }), /set TAG to the release/);
  });
});

describe('compose files that are odd but valid', () => {
  it('an empty file or `services:` with nothing under it is a project without services', () => {
    assert.deepEqual(loadComposeProject({ folder: folder({ 'compose.yaml': '' }), env: {} }).services, []);
    assert.deepEqual(loadComposeProject({ folder: folder({ 'compose.yaml': 'services:\n' }), env: {} }).services, []);
  });
  it('a top level that is not a mapping is refused with the file name', () => {
    const dir = folder({ 'compose.yaml': '- just\n- a list\n' });
    assert.throws(() => loadComposeProject({ folder: dir, env: {} }), /compose\.yaml is not a compose file/);
  });
});
