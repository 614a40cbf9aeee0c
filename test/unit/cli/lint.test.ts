import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { lint } from '../../../src/dockerfile';
import { runLint, type LintIo, type LintOptions } from '../../../src/cli/lint';
import { formatCheckstyle, xmlAttribute, type FileResult } from '../../../src/cli/lintFormats';
import { CliError } from '../../../src/cli/errors';

/** A Dockerfile real projects still have: MAINTAINER, a relative WORKDIR, a shell-form CMD. */
const OLD_STYLE = 'FROM busybox:1.36\nMAINTAINER ops@example.com\nWORKDIR app\nCMD echo hello\n';
const CLEAN = 'FROM busybox:1.36\nWORKDIR /app\nCMD ["echo", "hello"]\n';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

let dir: string;

async function stevedoreLint(files: string[], options: LintOptions = {}, extra: { stdin?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: LintIo = {
    cwd: dir,
    // HOME points into the temp folder so a developer's ~/.config/hadolint.yaml cannot leak in.
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), ...extra.env },
    stdout: { write: (text: string) => (stdout += text), isTTY: extra.tty },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => extra.stdin ?? '',
  };
  const status = await runLint(files, options, io);
  return { status, stdout, stderr };
}

function write(name: string, text: string): string {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
  return name;
}

describe('stevedore lint: hadolint-compatible JSON', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one array of {code, column, file, level, line, message}, keys in hadolint\'s order, 1-based, file as given', async () => {
    write('svc/Dockerfile', OLD_STYLE);
    write('Dockerfile', OLD_STYLE);
    const run = await stevedoreLint(['./svc/Dockerfile', 'Dockerfile'], { format: 'json', fail: false });
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    const expected = lint(OLD_STYLE).findings;
    assert.ok(expected.length >= 2, 'the old-style Dockerfile has findings');
    assert.equal(rows.length, expected.length * 2);
    for (const row of rows) assert.deepEqual(Object.keys(row), ['code', 'column', 'file', 'level', 'line', 'message']);
    assert.deepEqual(
      rows.filter((row) => row.file === './svc/Dockerfile'),
      expected.map((finding) => ({
        code: finding.code,
        column: finding.range.start.character + 1,
        file: './svc/Dockerfile',
        level: finding.severity,
        line: finding.range.start.line + 1,
        message: finding.message,
      })),
    );
    const maintainer = rows.find((row) => row.code === 'MaintainerDeprecated' || row.code === 'DL4000');
    assert.equal(maintainer?.line, 2, 'MAINTAINER is on line 2 (1-based)');
    assert.equal(maintainer?.column, 1);
    assert.ok(['error', 'warning', 'info', 'style'].includes(String(maintainer?.level)));
    assert.equal(run.stdout.endsWith('\n'), true);
  });

  it('names standard input "-" and prints [] for a clean file', async () => {
    const fromStdin = await stevedoreLint(['-'], { format: 'json', fail: false }, { stdin: OLD_STYLE });
    const rows = JSON.parse(fromStdin.stdout) as Array<{ file: string }>;
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => row.file === '-'));
    write('Dockerfile', CLEAN);
    assert.equal((await stevedoreLint(['Dockerfile'], { format: 'json' })).stdout, '[]\n');
  });
});

describe('stevedore lint: SARIF 2.1.0 for code scanning', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has the keys SARIF requires, a rule with helpUri for every result, and 1-based regions', async () => {
    write('app/Dockerfile', OLD_STYLE);
    const run = await stevedoreLint(['./app/Dockerfile'], { format: 'sarif', fail: false });
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    assert.equal(typeof sarifRun.tool.driver.name, 'string');
    const ruleIds = sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'each rule listed once');
    for (const rule of sarifRun.tool.driver.rules) {
      assert.match(rule.helpUri, /docs\/rules\/.+\.md$/);
      assert.equal(typeof rule.shortDescription.text, 'string');
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const expected = lint(OLD_STYLE).findings;
    assert.equal(sarifRun.results.length, expected.length);
    sarifRun.results.forEach((result: any, i: number) => {
      assert.equal(result.ruleId, expected[i].code);
      assert.equal(sarifRun.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.equal(typeof result.message.text, 'string');
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, 'app/Dockerfile', 'relative to the repository, no ./');
      assert.equal(region.startLine, expected[i].range.start.line + 1);
      assert.equal(region.startColumn, expected[i].range.start.character + 1);
      assert.ok(region.endLine >= region.startLine);
      assert.ok(region.endLine > region.startLine || region.endColumn > region.startColumn, 'a non-empty region');
    });
  });
});

describe('stevedore lint: checkstyle XML', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const unescape = (value: string): string =>
    value.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

  it('escapes markup and drops characters XML forbids, so attribute values read back unchanged', () => {
    const message = 'Use "COPY" <not ADD> & don\'t\nforget\u0007 the tab\there';
    const result: FileResult = {
      file: 'we<ird>&"name\'.Dockerfile',
      text: 'FROM a\n',
      findings: [{ code: 'DL3020', source: 'hadolint', severity: 'error', message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, docUrl: '' }],
    };
    const xml = formatCheckstyle([result]);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<checkstyle version="4\.3">/);
    const attributes = [...xml.matchAll(/ (\w+)="([^"]*)"/g)];
    for (const [, , value] of attributes) assert.doesNotMatch(value, /[<>&](?!(amp|lt|gt|quot|apos|#\d+);)/);
    const byName = Object.fromEntries(attributes.map(([, name, value]) => [name, unescape(value)]));
    assert.equal(byName.name, result.file);
    assert.equal(byName.message, message.replace('\u0007', ''));
    assert.equal(byName.line, '1');
    assert.equal(byName.source, 'DL3020');
    assert.equal(xmlAttribute('\uD800x'), 'x', 'a lone surrogate is not XML');
  });

  it('lists every file given, findings as <error> elements', async () => {
    write('Dockerfile', OLD_STYLE);
    write('clean.Dockerfile', CLEAN);
    const run = await stevedoreLint(['Dockerfile', 'clean.Dockerfile'], { format: 'checkstyle', fail: false });
    assert.equal((run.stdout.match(/<file /g) ?? []).length, 2);
    assert.equal((run.stdout.match(/<error /g) ?? []).length, lint(OLD_STYLE).findings.length);
    assert.match(run.stdout, /<\/checkstyle>\n$/);
  });
});

describe('stevedore lint: GitLab code quality', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('maps severities like hadolint and keeps fingerprints unique and stable when lines move', async () => {
    write('Dockerfile', OLD_STYLE + 'CMD echo hello\n');
    const before = JSON.parse((await stevedoreLint(['Dockerfile'], { format: 'gitlab', fail: false })).stdout);
    for (const issue of before) {
      assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
      assert.equal(issue.location.path, 'Dockerfile');
      assert.ok(issue.location.lines.begin >= 1);
    }
    const fingerprints = before.map((issue: { fingerprint: string }) => issue.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'unique, even for the two identical CMD lines');
    const levels = Object.fromEntries(lint(OLD_STYLE).findings.map((f) => [f.code, f.severity]));
    const mapped: Record<string, string> = { error: 'blocker', warning: 'major', info: 'minor', style: 'info' };
    for (const issue of before) if (levels[issue.check_name]) assert.equal(issue.severity, mapped[levels[issue.check_name]]);

    write('Dockerfile', '# a comment added above\n' + OLD_STYLE + 'CMD echo hello\n');
    const after = JSON.parse((await stevedoreLint(['Dockerfile'], { format: 'gitlab', fail: false })).stdout);
    assert.deepEqual(after.map((issue: { fingerprint: string }) => issue.fingerprint).sort(), [...fingerprints].sort());
  });
});

describe('stevedore lint: tty output', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints FILE:LINE:COLUMN CODE level: message, coloured only on a terminal without NO_COLOR', async () => {
    write('Dockerfile', OLD_STYLE);
    const plain = await stevedoreLint(['Dockerfile'], { fail: false });
    const first = lint(OLD_STYLE).findings[0];
    assert.ok(plain.stdout.startsWith(`Dockerfile:${first.range.start.line + 1}:${first.range.start.character + 1} ${first.code} ${first.severity}: ${first.message}\n`));
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
    assert.match((await stevedoreLint(['Dockerfile'], { fail: false }, { tty: true })).stdout, /\u001b\[/);
    assert.doesNotMatch((await stevedoreLint(['Dockerfile'], { fail: false }, { tty: true, env: { NO_COLOR: '1' } })).stdout, /\u001b\[/);
  });
});

describe('stevedore lint: exit status as hadolint', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const worst = (text: string): string => {
    const order = ['error', 'warning', 'info', 'style'];
    return lint(text).findings.map((f) => f.severity).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
  };

  it('exits 1 for findings at or above the threshold (default info), 0 below it, with --no-fail or "none"', async () => {
    write('Dockerfile', OLD_STYLE);
    const level = worst(OLD_STYLE);
    assert.ok(level === 'error' || level === 'warning', 'the old-style Dockerfile has a warning or worse');
    assert.equal((await stevedoreLint(['Dockerfile'])).status, 1);
    assert.equal((await stevedoreLint(['Dockerfile'], { failureThreshold: level })).status, 1);
    if (level === 'warning') assert.equal((await stevedoreLint(['Dockerfile'], { failureThreshold: 'error' })).status, 0);
    assert.equal((await stevedoreLint(['Dockerfile'], { failureThreshold: 'none' })).status, 0);
    assert.equal((await stevedoreLint(['Dockerfile'], { fail: false })).status, 0);
    write('clean.Dockerfile', CLEAN);
    assert.equal((await stevedoreLint(['clean.Dockerfile'])).status, 0);
  });

  it('names a file it cannot read on stderr, lints the others, and exits non-zero', async () => {
    write('Dockerfile', OLD_STYLE);
    mkdirSync(join(dir, 'folder'));
    const run = await stevedoreLint(['missing/Dockerfile', 'folder', 'Dockerfile'], { format: 'json', fail: false });
    assert.match(run.stderr, /cannot read missing\/Dockerfile: no such file/);
    assert.match(run.stderr, /cannot read folder: it is a folder/);
    assert.equal(JSON.parse(run.stdout).length, lint(OLD_STYLE).findings.length, 'the readable file is still reported');
    assert.equal(run.status, 2);
  });

  it('reads the failure threshold and no-fail from .hadolint.yaml, flags winning over it', async () => {
    write('Dockerfile', OLD_STYLE);
    write('.hadolint.yaml', 'no-fail: true\n');
    assert.equal((await stevedoreLint(['Dockerfile'])).status, 0);
    write('.hadolint.yaml', 'failure-threshold: none\n');
    assert.equal((await stevedoreLint(['Dockerfile'])).status, 0);
    assert.equal((await stevedoreLint(['Dockerfile'], { failureThreshold: 'style' })).status, 1);
  });
});

describe('stevedore lint: configuration', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the .hadolint.yaml found from the current folder, or the one given with --config', async () => {
    write('Dockerfile', OLD_STYLE);
    const codes = lint(OLD_STYLE).findings.map((f) => f.code);
    const silenced = codes[0];
    write('.hadolint.yaml', `ignored:\n  - ${silenced}\n`);
    const found = JSON.parse((await stevedoreLint(['Dockerfile'], { format: 'json', fail: false })).stdout) as Array<{ code: string }>;
    assert.ok(!found.some((row) => row.code === silenced));
    write('ci/strict.yaml', `override:\n  error:\n    - ${codes[codes.length - 1]}\n`);
    const given = JSON.parse((await stevedoreLint(['Dockerfile'], { format: 'json', fail: false, config: 'ci/strict.yaml' })).stdout) as Array<{ code: string; level: string }>;
    assert.ok(given.some((row) => row.code === silenced), '--config replaces the file found');
    assert.equal(given.find((row) => row.code === codes[codes.length - 1])?.level, 'error');
  });

  it('refuses a malformed configuration with a message naming the file and the problem', async () => {
    write('Dockerfile', OLD_STYLE);
    write('bad.yaml', 'ignored: DL3008\n');
    await assert.rejects(stevedoreLint(['Dockerfile'], { config: 'bad.yaml' }), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /bad\.yaml/);
      assert.match(error.message, /ignored/);
      assert.equal(error.exitCode, 2);
      return true;
    });
    await assert.rejects(stevedoreLint(['Dockerfile'], { config: 'nowhere.yaml' }), /cannot read the configuration nowhere\.yaml: no such file/);
  });
});

describe('stevedore lint --fix', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites only files it changed, reports the fixes on stderr, and prints what is left', async () => {
    write('Dockerfile', OLD_STYLE);
    write('clean.Dockerfile', CLEAN);
    const fixable = lint(OLD_STYLE).findings.filter((f) => f.fix);
    assert.ok(fixable.length > 0, 'the old-style Dockerfile has fixable findings');
    const cleanModified = statSync(join(dir, 'clean.Dockerfile')).mtimeMs;
    const run = await stevedoreLint(['Dockerfile', 'clean.Dockerfile'], { fix: true, format: 'json', fail: false });
    const fixedText = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    assert.notEqual(fixedText, OLD_STYLE);
    const report = /^Dockerfile: (\d+) fix(?:es)?: (.+)$/m.exec(run.stderr);
    assert.ok(report, `a report line on stderr, got: ${run.stderr}`);
    assert.ok(Number(report[1]) >= 1);
    assert.ok(fixable.some((finding) => report[2].includes(finding.code)), 'names the codes it fixed');
    assert.doesNotMatch(run.stderr, /clean\.Dockerfile/);
    assert.equal(statSync(join(dir, 'clean.Dockerfile')).mtimeMs, cleanModified, 'an unchanged file is not rewritten');
    const left = JSON.parse(run.stdout) as Array<{ code: string; file: string }>;
    assert.deepEqual(left.map((row) => row.code), lint(fixedText).findings.map((f) => f.code), 'the remaining findings are those of the fixed text');
    assert.deepEqual(lint(fixedText).findings.filter((f) => f.fix).map((f) => f.code), [], 'nothing fixable is left');
  });

  it('leaves standard input alone and says so', async () => {
    const run = await stevedoreLint(['-'], { fix: true, format: 'json', fail: false }, { stdin: OLD_STYLE });
    assert.match(run.stderr, /--fix cannot rewrite standard input/);
    assert.equal(JSON.parse(run.stdout).length, lint(OLD_STYLE).findings.length);
  });
});

describe('stevedore lint: the command line', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const root = join(__dirname, '..', '..', '..');
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, join(root, 'src/cli/main.ts'), 'lint', ...args], {
      cwd: dir,
      input,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), NO_COLOR: '1' },
    });

  it('parses --format, --failure-threshold, --no-fail and - as hadolint users type them', function () {
    this.timeout(30_000);
    write('Dockerfile', OLD_STYLE);
    const failing = cli(['--format', 'json', 'Dockerfile']);
    assert.equal(failing.status, 1, failing.stderr);
    assert.ok(Array.isArray(JSON.parse(failing.stdout)));
    assert.equal(cli(['--no-fail', 'Dockerfile']).status, 0);
    assert.equal(cli(['--failure-threshold', 'none', 'Dockerfile']).status, 0);
    const piped = cli(['-f', 'json', '-'], OLD_STYLE);
    assert.ok((JSON.parse(piped.stdout) as Array<{ file: string }>).every((row) => row.file === '-'));
    const codes = (JSON.parse(failing.stdout) as Array<{ code: string }>).map((row) => row.code);
    const ignoring = cli(['-f', 'json', '--ignore', codes[0], '--ignore', codes[1], 'Dockerfile']);
    const left = (JSON.parse(ignoring.stdout) as Array<{ code: string }>).map((row) => row.code);
    assert.ok(!left.includes(codes[0]) && !left.includes(codes[1]), '--ignore, repeated, as hadolint takes it');
    const badFormat = cli(['--format', 'xml', 'Dockerfile']);
    assert.notEqual(badFormat.status, 0);
    assert.match(badFormat.stderr, /xml/);
  });
});

describe('stevedore lint --codes: the names twinned problems go by', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const codesOf = (stdout: string): string[] =>
    (JSON.parse(stdout) as Array<{ code: string; line: number }>).map((row) => `${row.line}:${row.code}`);

  it('reports hadolint codes by default and BuildKit names with --codes buildkit, once per problem', async () => {
    write('Dockerfile', OLD_STYLE);
    const hadolint = codesOf((await stevedoreLint(['Dockerfile'], { format: 'json', fail: false })).stdout);
    assert.ok(['2:DL4000', '3:DL3000', '4:DL3025'].every((code) => hadolint.includes(code)), hadolint.join(', '));
    assert.ok(!hadolint.some((code) => /MaintainerDeprecated|WorkdirRelativePath|JSONArgsRecommended/.test(code)), hadolint.join(', '));
    const buildkit = codesOf((await stevedoreLint(['Dockerfile'], { format: 'json', fail: false, codes: 'buildkit' })).stdout);
    assert.ok(['2:MaintainerDeprecated', '3:WorkdirRelativePath', '4:JSONArgsRecommended'].every((code) => buildkit.includes(code)), buildkit.join(', '));
    assert.ok(!buildkit.some((code) => /DL4000|DL3000|DL3025/.test(code)), buildkit.join(', '));
  });

  it('a problem only hadolint reports keeps its DL code with --codes buildkit', async () => {
    write('Dockerfile', 'FROM busybox:1.36\nARG DOCKER_USERNAME\n');
    const buildkit = codesOf((await stevedoreLint(['Dockerfile'], { format: 'json', fail: false, codes: 'buildkit' })).stdout);
    assert.ok(buildkit.includes('2:DL3064'), buildkit.join(', '));
  });
});
