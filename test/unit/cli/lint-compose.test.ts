// `stevedore lint` on compose files: recognised by name or --kind, every output format, --fix, the
// .dockerignore reader SDC3007 needs, size bounds, settings and exit status.
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { composeRuleByCode, lintCompose, resolveComposeProject } from '../../../src/compose';
import { runLint, type LintIo, type LintOptions } from '../../../src/cli/lint';
import { kindOf } from '../../../src/cli/composeLint';
import { CliError } from '../../../src/cli/errors';

/** What real compose files look like before review: version line, a database on all interfaces, a literal password. */
const COMPOSE = [
  'version: "3.8"',
  'services:',
  '  web:',
  '    image: busybox:1.36',
  '    command: ["httpd", "-f", "-p", "8080"]',
  '    ports:',
  '      - "8080:8080"',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD: secret',
  '    ports:',
  '      - "5432:5432"',
  '',
].join('\n');
const DOCKERFILE = 'FROM busybox:1.36\nMAINTAINER ops@example.com\nCMD echo hello\n';

let dir: string;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function stevedoreLint(files: string[], options: LintOptions = {}, extra: { stdin?: string; maxBytes?: number } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: LintIo = {
    cwd: dir,
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => extra.stdin ?? '',
    maxBytes: extra.maxBytes,
  };
  const status = await runLint(files, { shellcheck: 'off', ...options }, io);
  return { status, stdout, stderr };
}

function write(name: string, text: string): string {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
  return name;
}

type Row = { code: string; file: string; line: number; column: number; level: string; message: string };
const rowsOf = (run: Run): Row[] => JSON.parse(run.stdout) as Row[];

describe('stevedore lint: compose files', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-compose-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('recognises compose files by name (Compose\'s names and their -override/.prod variants), the rest are Dockerfiles', () => {
    for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'ops/compose.prod.yaml', 'docker-compose.override.yml', 'Compose.YAML']) {
      assert.equal(kindOf(name, 'auto'), 'compose', name);
    }
    for (const name of ['Dockerfile', 'app.Dockerfile', 'stack.yml', 'compose.json', 'my-compose.yaml', '-']) {
      assert.equal(kindOf(name, undefined), 'dockerfile', name);
    }
    assert.equal(kindOf('stack.yml', 'compose'), 'compose');
    assert.equal(kindOf('compose.yaml', 'dockerfile'), 'dockerfile');
  });

  it('lints compose files and Dockerfiles in one run, each with its own engine, findings as lintCompose gives them', async () => {
    write('compose.yaml', COMPOSE);
    write('Dockerfile', DOCKERFILE);
    const run = await stevedoreLint(['compose.yaml', 'Dockerfile'], { format: 'json', fail: false });
    const rows = rowsOf(run);
    const composeRows = rows.filter((row) => row.file === 'compose.yaml');
    const expected = lintCompose(COMPOSE).findings;
    assert.deepEqual(composeRows.map((row) => [row.code, row.line, row.column, row.level, row.message]),
      expected.map((f) => [f.code, f.range.start.line + 1, f.range.start.character + 1, f.severity, f.message]));
    const codes = new Set(composeRows.map((row) => row.code));
    for (const code of ['SDC1005', 'SDC2002', 'SDC3002', 'SDC3003']) assert.ok(codes.has(code), `${code} in ${[...codes].join(' ')}`);
    assert.ok(composeRows.every((row) => row.code.startsWith('SDC')));
    const dockerfileRows = rows.filter((row) => row.file === 'Dockerfile');
    assert.ok(dockerfileRows.length > 0 && dockerfileRows.every((row) => !row.code.startsWith('SDC')));
  });

  it('--kind compose lints standard input and any name as compose; --kind dockerfile the other way', async () => {
    const piped = await stevedoreLint(['-'], { format: 'json', fail: false, kind: 'compose' }, { stdin: COMPOSE });
    assert.ok(rowsOf(piped).some((row) => row.code === 'SDC3002' && row.file === '-'));
    write('stack.yml', COMPOSE);
    const asDockerfile = await stevedoreLint(['stack.yml'], { format: 'json', fail: false });
    assert.ok(rowsOf(asDockerfile).every((row) => !row.code.startsWith('SDC')), 'stack.yml is not a compose name');
    const asCompose = await stevedoreLint(['stack.yml'], { format: 'json', fail: false, kind: 'compose' });
    assert.ok(rowsOf(asCompose).some((row) => row.code === 'SDC1005'));
    await assert.rejects(stevedoreLint(['stack.yml'], { kind: 'kubernetes' }), (error: unknown) => error instanceof CliError && /--kind/.test(error.message));
  });

  it('prints every format: tty lines, SARIF with the SDC rule texts, checkstyle, GitLab code quality', async () => {
    write('compose.yaml', COMPOSE);
    const tty = await stevedoreLint(['compose.yaml'], { fail: false });
    assert.match(tty.stdout, /^compose\.yaml:1:1 SDC1005 warning: /m);
    assert.match(tty.stdout, /^compose\.yaml:13:9 SDC3002 warning: .*PostgreSQL/m);

    const sarif = JSON.parse((await stevedoreLint(['compose.yaml'], { format: 'sarif', fail: false })).stdout) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; help?: { markdown: string }; helpUri: string; defaultConfiguration: { level: string } }> } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }>;
    };
    const [run] = sarif.runs;
    const version = run.tool.driver.rules.find((rule) => rule.id === 'SDC1005');
    assert.ok(version, 'SDC1005 is described');
    assert.equal(version.shortDescription.text, composeRuleByCode('SDC1005')?.summary);
    assert.equal(version.help?.markdown, composeRuleByCode('SDC1005')?.explanation);
    assert.match(version.helpUri, /docs\/rules\/SDC1005\.md$/);
    for (const rule of run.tool.driver.rules) assert.ok(rule.help, `${rule.id} has its full text`);
    assert.equal(run.results.find((result) => result.ruleId === 'SDC3002')?.locations[0].physicalLocation.region.startLine, 13);

    const checkstyle = (await stevedoreLint(['compose.yaml'], { format: 'checkstyle', fail: false })).stdout;
    assert.match(checkstyle, /<file name="compose\.yaml">/);
    assert.match(checkstyle, /<error line="11" column="7" severity="warning" message="[^"]*POSTGRES_PASSWORD[^"]*" source="SDC3003"\/>/);

    const gitlab = JSON.parse((await stevedoreLint(['compose.yaml'], { format: 'gitlab', fail: false })).stdout) as Array<{ check_name: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    const exposed = gitlab.find((issue) => issue.check_name === 'SDC3002');
    assert.deepEqual(exposed && { severity: exposed.severity, path: exposed.location.path, line: exposed.location.lines.begin }, { severity: 'major', path: 'compose.yaml', line: 13 });
  });

  it('--fix rewrites the compose file with the safe fixes, keeps it a valid Compose project, reports what is left', async () => {
    write('compose.yaml', COMPOSE);
    const run = await stevedoreLint(['compose.yaml'], { fix: true, format: 'json', fail: false });
    const fixed = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    assert.match(run.stderr, /^compose\.yaml: \d+ fixes: .*SDC1005/m);
    assert.doesNotMatch(fixed, /^version:/m);
    assert.match(fixed, /- "127\.0\.0\.1:5432:5432"/);
    assert.match(fixed, /restart: unless-stopped/);
    assert.match(fixed, /max-size: "10m"/);
    assert.ok(fixed.endsWith('\n'));
    assert.equal(parseDocument(fixed).errors.length, 0);
    const model = resolveComposeProject({ files: [join(dir, 'compose.yaml')], workingDir: dir, env: {} });
    assert.deepEqual(model.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(model.services.map((service) => service.name).sort(), ['db', 'web']);
    // What is printed is what is left, and nothing left has a fix the run could have applied.
    const left = rowsOf(run);
    assert.deepEqual(left.map((row) => row.code), lintCompose(fixed).findings.map((finding) => finding.code));
    assert.ok(lintCompose(fixed).findings.every((finding) => !finding.fix));
    assert.ok(left.some((row) => row.code === 'SDC3003'), 'a literal password has no safe fix');
    // A second --fix has nothing to do and leaves the bytes alone.
    const again = await stevedoreLint(['compose.yaml'], { fix: true, format: 'json', fail: false });
    assert.equal(again.stderr, '');
    assert.equal(readFileSync(join(dir, 'compose.yaml'), 'utf8'), fixed);
  });

  it('--fix leaves standard input alone and says so', async () => {
    const run = await stevedoreLint(['-'], { fix: true, kind: 'compose', format: 'json', fail: false }, { stdin: COMPOSE });
    assert.match(run.stderr, /--fix cannot rewrite standard input/);
    assert.equal(rowsOf(run).length, lintCompose(COMPOSE).findings.length);
  });

  it('SDC3007 reads the .dockerignore where docker compose build sends it from: <Dockerfile>.dockerignore, then the context\'s', async () => {
    const text = [
      'services:',
      '  bare:',
      '    build: ./bare',
      '  ignored:',
      '    build: ./ignored',
      '  own:',
      '    build:',
      '      context: ./own',
      '      dockerfile: docker/app.Dockerfile',
      '  stdin:',
      '    build:',
      '      context: .',
      '',
    ].join('\n');
    write('deploy/compose.yaml', text);
    write('deploy/bare/Dockerfile', DOCKERFILE);
    write('deploy/ignored/Dockerfile', DOCKERFILE);
    write('deploy/ignored/.dockerignore', '.git\n');
    write('deploy/own/docker/app.Dockerfile', DOCKERFILE);
    write('deploy/own/docker/app.Dockerfile.dockerignore', '.git\n');
    write('deploy/.dockerignore', 'node_modules\n');
    const run = await stevedoreLint(['deploy/compose.yaml'], { format: 'json', fail: false });
    const flagged = rowsOf(run).filter((row) => row.code === 'SDC3007');
    assert.deepEqual(flagged.map((row) => row.line), [3], 'only ./bare has no .dockerignore');
    assert.match(flagged[0].message, /'bare'/);
    const piped = await stevedoreLint(['-'], { format: 'json', fail: false, kind: 'compose' }, { stdin: text });
    assert.ok(rowsOf(piped).every((row) => row.code !== 'SDC3007'), 'standard input has no folder: silent');
  });

  it('reports a file over the size bound as SDC1000 without reading it, like DL1000 for a Dockerfile', async () => {
    write('compose.yaml', COMPOSE);
    const run = await stevedoreLint(['compose.yaml'], { format: 'json', fail: false }, { maxBytes: 64 });
    assert.deepEqual(rowsOf(run).map((row) => [row.code, row.level]), [['SDC1000', 'error']]);
    assert.match(rowsOf(run)[0].message, /too large.*\d+ bytes/);
    const ignored = await stevedoreLint(['compose.yaml'], { format: 'json', fail: false, ignore: ['SDC1000'] }, { maxBytes: 64 });
    assert.deepEqual(rowsOf(ignored), []);
  });

  it('gives a clear SDC1000 for invalid YAML, tabs and duplicate keys, and exit 1 at the default threshold', async () => {
    write('compose.yaml', 'services:\n  web:\n\timage: busybox\n');
    write('docker-compose.yml', 'services:\n  web:\n    image: a:1\n    image: b:1\n');
    const run = await stevedoreLint(['compose.yaml', 'docker-compose.yml'], { format: 'json' });
    assert.equal(run.status, 1);
    const rows = rowsOf(run);
    assert.ok(rows.some((row) => row.file === 'compose.yaml' && row.code === 'SDC1000' && /tab/i.test(row.message)), JSON.stringify(rows));
    assert.ok(rows.some((row) => row.file === 'docker-compose.yml' && row.code === 'SDC1000' && /'image' is written twice/.test(row.message)));
  });

  it('applies --ignore, .hadolint.yaml ignored and override, the failure threshold and --no-fail to SDC codes', async () => {
    write('compose.yaml', COMPOSE);
    const ignoring = await stevedoreLint(['compose.yaml'], { format: 'json', ignore: ['SDC2002', 'sdc3002'] });
    const left = new Set(rowsOf(ignoring).map((row) => row.code));
    assert.ok(!left.has('SDC2002') && !left.has('SDC3002') && left.has('SDC1005'));
    write('.hadolint.yaml', 'ignored: [SDC1005]\noverride:\n  error: [SDC3003]\n');
    const configured = await stevedoreLint(['compose.yaml'], { format: 'json' });
    assert.ok(rowsOf(configured).every((row) => row.code !== 'SDC1005'));
    assert.equal(rowsOf(configured).find((row) => row.code === 'SDC3003')?.level, 'error');
    assert.equal(configured.status, 1, 'an error finding fails at the default threshold');
    assert.equal((await stevedoreLint(['compose.yaml'], { format: 'json', failureThreshold: 'none' })).status, 0);
    assert.equal((await stevedoreLint(['compose.yaml'], { format: 'json', fail: false })).status, 0);
  });

  it('the real command line takes --kind and compose files (process spawned through main.ts)', function () {
    this.timeout(30_000);
    const root = join(__dirname, '..', '..', '..');
    write('compose.yaml', COMPOSE);
    const cli = (args: string[], input?: string) =>
      spawnSync(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, join(root, 'src/cli/main.ts'), 'lint', ...args], {
        cwd: dir,
        input,
        encoding: 'utf8',
        env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), NO_COLOR: '1' },
      });
    const byName = cli(['-f', 'json', '--no-fail', 'compose.yaml']);
    assert.equal(byName.status, 0, byName.stderr);
    assert.ok((JSON.parse(byName.stdout) as Row[]).some((row) => row.code === 'SDC3002'));
    const piped = cli(['-f', 'json', '--no-fail', '--kind', 'compose', '-'], COMPOSE);
    assert.ok((JSON.parse(piped.stdout) as Row[]).some((row) => row.code === 'SDC3002' && row.file === '-'), piped.stderr);
    const badKind = cli(['--kind', 'helm', 'compose.yaml']);
    assert.notEqual(badKind.status, 0);
    assert.match(badKind.stderr, /helm/);
  });
});
