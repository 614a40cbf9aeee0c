// resolveComposeProject, one feature at a time, as the Compose Specification and `docker compose
// config` resolve it: .env, ${VAR} and its default/required forms, override files, extends, include,
// profiles, and resources in both forms. Real files in a temporary folder, a given environment.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveComposeProject, type ComposeProjectModel, type ResolveOptions } from '../../../src/compose';

let dir: string;

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function resolveIn(files: Record<string, string>, options: ResolveOptions = {}): ComposeProjectModel {
  write(files);
  return resolveComposeProject({ workingDir: dir, env: {}, ...options });
}

type Service = Record<string, unknown>;
const serviceOf = (model: ComposeProjectModel, name: string): Service => {
  const found = model.services.find((service) => service.name === name);
  assert.ok(found, `service ${name} in ${model.services.map((s) => s.name).join(', ')}`);
  return found.config;
};
const errors = (model: ComposeProjectModel) => model.diagnostics.filter((d) => d.severity === 'error');
const MiB = 1024 * 1024;

describe('resolveComposeProject: resolution like docker compose config', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-compose-resolve-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('.env and interpolation', () => {
    it('reads .env of the project folder; the real environment wins over it', () => {
      const model = resolveIn({
        '.env': '# comment\nTAG=1.36\nPORT=8080\nQUOTED="a b"\nexport EXPORTED=yes\n',
        'compose.yaml': 'services:\n  web:\n    image: "busybox:${TAG}"\n    environment:\n      PORT: "${PORT}"\n      QUOTED: "${QUOTED}"\n      EXPORTED: "${EXPORTED}"\n',
      }, { env: { PORT: '9090' } });
      const web = serviceOf(model, 'web');
      assert.equal(web.image, 'busybox:1.36');
      assert.deepEqual(web.environment, { PORT: '9090', QUOTED: 'a b', EXPORTED: 'yes' });
      assert.deepEqual(errors(model), []);
    });

    it('--env-file replaces .env', () => {
      const model = resolveIn({ '.env': 'TAG=from-dotenv\n', 'prod.env': 'TAG=from-prod\n', 'compose.yaml': 'services:\n  web:\n    image: "busybox:${TAG}"\n' },
        { envFiles: [join(dir, 'prod.env')] });
      assert.equal(serviceOf(model, 'web').image, 'busybox:from-prod');
    });

    it('${VAR} and $VAR substitute; unset gives an empty string and a warning naming the variable; $$ is a literal $', () => {
      const model = resolveIn({ 'compose.yaml': 'services:\n  web:\n    image: "busybox:${TAG}"\n    command: ["echo", "$NAME", "$${HOME}", "${MISSING}x"]\n' },
        { env: { TAG: '1.36', NAME: 'demo' } });
      assert.deepEqual(serviceOf(model, 'web').command, ['echo', 'demo', '${HOME}', 'x']);
      const unset = model.diagnostics.filter((d) => d.code === 'unset-variable');
      assert.equal(unset.length, 1);
      assert.equal(unset[0].severity, 'warning');
      assert.match(unset[0].message, /MISSING/);
      assert.ok(unset[0].span, 'the warning points at the variable');
    });

    it('${VAR:-default} for unset or empty, ${VAR-default} for unset only', () => {
      const model = resolveIn({
        'compose.yaml': [
          'services:',
          '  web:',
          '    environment:',
          '      A: "${UNSET:-d}"',
          '      B: "${EMPTY:-d}"',
          '      C: "${SET:-d}"',
          '      D: "${UNSET-d}"',
          '      E: "${EMPTY-d}"',
          '      F: "${SET-d}"',
          '      G: "${UNSET:-${SET}-nested}"',
          '',
        ].join('\n'),
      }, { env: { EMPTY: '', SET: 'value' } });
      assert.deepEqual(serviceOf(model, 'web').environment, { A: 'd', B: 'd', C: 'value', D: 'd', E: '', F: 'value', G: 'value-nested' });
      assert.deepEqual(model.diagnostics.filter((d) => d.code === 'unset-variable'), [], 'a default is not a warning');
    });

    it('${VAR:?error} refuses unset or empty with the message given; ${VAR?error} unset only', () => {
      const text = 'services:\n  web:\n    image: "busybox:${TAG:?set TAG to the release}"\n  other:\n    image: "busybox:${OTHER?set OTHER}"\n';
      const missing = resolveIn({ 'compose.yaml': text }, { env: { OTHER: '' } });
      const required = errors(missing).filter((d) => d.code === 'required-variable');
      assert.equal(required.length, 1, JSON.stringify(missing.diagnostics));
      assert.match(required[0].message, /TAG/);
      assert.match(required[0].message, /set TAG to the release/);
      assert.equal(required[0].file, join(dir, 'compose.yaml'));
      assert.equal(missing.model.services && (missing.model.services as Record<string, Service>).other?.image, 'busybox:', 'empty is set for ?');
      const empty = resolveComposeProject({ workingDir: dir, env: { TAG: '', OTHER: 'x' } });
      assert.equal(errors(empty).filter((d) => d.code === 'required-variable').length, 1, ':? refuses empty too');
      const given = resolveComposeProject({ workingDir: dir, env: { TAG: '1.36', OTHER: 'x' } });
      assert.deepEqual(errors(given), []);
      assert.equal(serviceOf(given, 'web').image, 'busybox:1.36');
    });

    it('an invalid ${...} is an interpolation error pointing at it, and the other services still resolve', () => {
      const model = resolveIn({ 'compose.yaml': 'services:\n  bad:\n    image: "busybox:${TAG"\n  good:\n    image: busybox:1.36\n' });
      assert.ok(errors(model).some((d) => d.code === 'interpolation' && d.span), JSON.stringify(model.diagnostics));
      assert.equal(serviceOf(model, 'good').image, 'busybox:1.36');
    });
  });

  describe('files: overrides, extends, include', () => {
    it('discovers compose.yaml and compose.override.yaml and merges them as the spec says', () => {
      const model = resolveIn({
        'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n    command: ["httpd", "-f"]\n    ports: ["127.0.0.1:8080:80"]\n    environment:\n      A: "1"\n      B: "1"\n',
        'compose.override.yaml': 'services:\n  web:\n    command: ["sleep", "1"]\n    ports: ["127.0.0.1:8443:443"]\n    environment:\n      B: "2"\n  extra:\n    image: busybox:1.36\n',
      });
      assert.deepEqual(model.configFiles, [join(dir, 'compose.yaml'), join(dir, 'compose.override.yaml')]);
      const web = serviceOf(model, 'web');
      assert.deepEqual(web.command, ['sleep', '1'], 'command is replaced');
      assert.equal((web.ports as unknown[]).length, 2, 'ports are appended');
      assert.deepEqual(web.environment, { A: '1', B: '2' }, 'environment merges by name');
      assert.deepEqual(model.services.map((s) => s.name), ['web', 'extra']);
      assert.deepEqual(model.services[0].origin.files, model.configFiles);
    });

    it('-f files in order: the last one wins', () => {
      const model = resolveIn({ 'base.yaml': 'services:\n  web:\n    image: busybox:1\n', 'prod.yaml': 'services:\n  web:\n    image: busybox:2\n' },
        { files: ['base.yaml', 'prod.yaml'] });
      assert.equal(serviceOf(model, 'web').image, 'busybox:2');
    });

    it('extends a service of the same file and of another file (paths relative to that file), depends_on not inherited', () => {
      const model = resolveIn({
        'common/base.yaml': 'services:\n  app:\n    image: busybox:1.36\n    env_file: app.env\n    environment:\n      LEVEL: base\n',
        'common/app.env': 'X=1\n',
        'compose.yaml': [
          'services:',
          '  db:',
          '    image: busybox:1.36',
          '  base:',
          '    image: busybox:1.36',
          '    depends_on: [db]',
          '    restart: always',
          '  local:',
          '    extends: base',
          '    command: ["true"]',
          '  remote:',
          '    extends:',
          '      file: common/base.yaml',
          '      service: app',
          '    environment:',
          '      LEVEL: child',
          '',
        ].join('\n'),
      });
      assert.deepEqual(errors(model), []);
      const local = serviceOf(model, 'local');
      assert.equal(local.image, 'busybox:1.36');
      assert.equal(local.restart, 'always');
      assert.equal(local.depends_on, undefined, 'depends_on is not inherited');
      const remote = serviceOf(model, 'remote');
      assert.deepEqual(remote.environment, { LEVEL: 'child' });
      assert.deepEqual(remote.env_file, [join(dir, 'common', 'app.env')], 'relative to the file that declared it');
    });

    it('reports an extends cycle and a missing base instead of looping', () => {
      const model = resolveIn({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: nowhere\n' });
      const found = errors(model).filter((d) => d.code === 'extends');
      assert.ok(found.some((d) => /cycle|again/i.test(d.message)), JSON.stringify(found));
      assert.ok(found.some((d) => /nowhere/.test(d.message)), JSON.stringify(found));
    });

    it('include imports another project\'s services, with its own folder and .env; a conflict and a cycle are errors', () => {
      const model = resolveIn({
        'db/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG}"\n    env_file: db.env\n',
        'db/.env': 'PG=16\n',
        'db/db.env': 'A=1\n',
        'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n',
      });
      assert.deepEqual(errors(model), []);
      assert.deepEqual(model.services.map((s) => s.name).sort(), ['db', 'web']);
      assert.equal(serviceOf(model, 'db').image, 'postgres:16');
      assert.deepEqual(serviceOf(model, 'db').env_file, [join(dir, 'db', 'db.env')]);
      assert.deepEqual(model.includedFiles, [join(dir, 'db', 'compose.yaml')]);
      assert.equal(model.model.include, undefined);

      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(join(tmpdir(), 'stevedore-compose-resolve-'));
      const conflict = resolveIn({ 'db.yaml': 'services:\n  web:\n    image: busybox:1\n', 'compose.yaml': 'include: [db.yaml]\nservices:\n  web:\n    image: busybox:2\n' });
      assert.ok(errors(conflict).some((d) => d.code === 'include' && /web/.test(d.message)), JSON.stringify(conflict.diagnostics));
      const cycle = resolveIn({ 'a.yaml': 'include: [compose.yaml]\n', 'compose.yaml': 'include: [a.yaml]\nservices:\n  web:\n    image: busybox:1\n' });
      assert.ok(errors(cycle).some((d) => d.code === 'include' && /again|cycle/.test(d.message)), JSON.stringify(cycle.diagnostics));
      const missing = resolveIn({ 'compose.yaml': 'include: [nowhere.yaml]\nservices:\n  web:\n    image: busybox:1\n' });
      assert.ok(errors(missing).some((d) => d.code === 'include' && /does not exist/.test(d.message)));
    });
  });

  describe('profiles', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: busybox:1\n  debug:\n    image: busybox:1\n    profiles: [debug]\n  tools:\n    image: busybox:1\n    profiles: [tools, ops]\n' };
    it('services with profiles are off unless a profile is active (option, COMPOSE_PROFILES, or *)', () => {
      const none = resolveIn(files);
      assert.deepEqual(none.services.map((s) => s.name), ['web']);
      assert.deepEqual(none.disabledServices.map((s) => s.name), ['debug', 'tools']);
      assert.deepEqual(Object.keys(none.model.services as object), ['web'], 'config prints enabled services only');
      assert.deepEqual(resolveComposeProject({ workingDir: dir, env: {}, profiles: ['ops'] }).services.map((s) => s.name), ['web', 'tools']);
      assert.deepEqual(resolveComposeProject({ workingDir: dir, env: { COMPOSE_PROFILES: 'debug,ops' } }).services.map((s) => s.name), ['web', 'debug', 'tools']);
      assert.deepEqual(resolveComposeProject({ workingDir: dir, env: {}, profiles: ['*'] }).services.length, 3);
    });
  });

  describe('resources: deploy.resources and the legacy keys', () => {
    it('reads both forms; deploy wins where both are written, and says which form declared them', () => {
      const model = resolveIn({
        'compose.yaml': [
          'services:',
          '  deployed:',
          '    image: busybox:1',
          '    deploy:',
          '      resources:',
          '        limits: {cpus: "0.5", memory: 64M, pids: 100}',
          '        reservations: {cpus: "0.25", memory: 32M}',
          '  legacy:',
          '    image: busybox:1',
          '    mem_limit: 1g',
          '    mem_reservation: 512m',
          '    cpus: 1.5',
          '    pids_limit: 50',
          '  both:',
          '    image: busybox:1',
          '    mem_limit: 1g',
          '    cpus: 2',
          '    deploy:',
          '      resources:',
          '        limits: {memory: 128M}',
          '  none:',
          '    image: busybox:1',
          '    deploy:',
          '      replicas: 3',
          '',
        ].join('\n'),
      });
      const byName = new Map(model.services.map((s) => [s.name, s]));
      assert.deepEqual(byName.get('deployed')!.resources, { memoryLimitBytes: 64 * MiB, memoryReservationBytes: 32 * MiB, cpuLimit: 0.5, cpuReservation: 0.25, pidsLimit: 100, declaredIn: 'deploy' });
      assert.deepEqual(byName.get('legacy')!.resources, { memoryLimitBytes: 1024 * MiB, memoryReservationBytes: 512 * MiB, cpuLimit: 1.5, pidsLimit: 50, declaredIn: 'legacy' });
      const both = byName.get('both')!.resources;
      assert.equal(both.memoryLimitBytes, 128 * MiB, 'deploy wins');
      assert.equal(both.cpuLimit, 2, 'the legacy key fills what deploy leaves out');
      assert.equal(both.declaredIn, 'both');
      assert.deepEqual(byName.get('none')!.resources, { declaredIn: 'none' });
      assert.equal(byName.get('none')!.replicas, 3);
    });
  });
});
