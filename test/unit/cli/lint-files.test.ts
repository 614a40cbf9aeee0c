// `stevedore lint` reading and writing Dockerfiles (issue 9, items 5, 15, 16): reads stop at a
// bound, --fix keeps every byte it did not change, and a failed write leaves the file as it was.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runLint, type LintIo } from '../../../src/cli/lint';
import { formatGitlab } from '../../../src/cli/lintFormats';
import { lint } from '../../../src/dockerfile';
import { decodeKeepingBytes, encodeKeepingBytes, readStreamBytes } from '../../../src/cli/dockerfileFile';

const OLD_STYLE = 'FROM busybox:1.36\nMAINTAINER ops@example.com\nWORKDIR app\nCMD echo hello\n';

let dir: string;

async function stevedoreLint(files: string[], options: Parameters<typeof runLint>[1], io: Partial<LintIo> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runLint(files, options, {
    cwd: dir,
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
    ...io,
  });
  return { status, stdout, stderr };
}

describe('stevedore lint: reading and writing files', function () {
  this.timeout(20_000);
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-lint-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--fix keeps invalid UTF-8 bytes and every line it did not change byte for byte', async () => {
    // Latin-1 bytes in a comment and a label: not UTF-8. The fixes touch other lines.
    const before = Buffer.concat([
      Buffer.from('FROM busybox:1.36\n# caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from('\nLABEL x="'), Buffer.from([0xfc, 0x80]),
      Buffer.from('"\nMAINTAINER ops@example.com\nWORKDIR app\nCMD echo h\u00e9llo \u{1f600}\n'),
    ]);
    writeFileSync(join(dir, 'Dockerfile'), before);
    const run = await stevedoreLint(['Dockerfile'], { fix: true, format: 'json', fail: false });
    assert.match(run.stderr, /Dockerfile: \d+ fix/);
    const after = readFileSync(join(dir, 'Dockerfile'));
    const lines = (bytes: Buffer): Buffer[] => {
      const out: Buffer[] = [];
      let start = 0;
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, start)) {
        out.push(bytes.subarray(start, i));
        start = i + 1;
      }
      return out;
    };
    const [b, a] = [lines(before), lines(after)];
    assert.ok(a[1].equals(b[1]) && a[2].equals(b[2]), 'the lines with invalid bytes are unchanged');
    assert.ok(a[0].equals(b[0]), 'FROM unchanged');
    assert.notDeepEqual(a.slice(3), b.slice(3), 'the fixes changed the other lines');
    assert.ok(after.includes(Buffer.from('h\u00e9llo \u{1f600}')), 'valid non-ASCII text stays as it was');
  });

  it('decoding and encoding give back any bytes exactly', () => {
    const samples = [Buffer.from([0xed, 0xa0, 0x80, 0x41]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from('\ufeffFROM a\n'), Buffer.from([0xe2, 0x82])];
    for (let seed = 0; seed < 200; seed++) {
      const bytes = Buffer.alloc(64);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed * 131 + i * 197 + ((i * seed) % 7) * 61) & 0xff;
      samples.push(bytes);
    }
    for (const bytes of samples) assert.ok(encodeKeepingBytes(decodeKeepingBytes(bytes)).equals(bytes), bytes.toString('hex'));
  });

  it('a failed write (full disk) leaves the Dockerfile whole, says so, and exits 2', async function () {
    const mountPoint = join(dir, 'small');
    mkdirSync(mountPoint);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status !== 0) this.skip();
    try {
      const file = join(mountPoint, 'Dockerfile');
      // A 40 KB Dockerfile in a 64 KB file system: the fixed copy cannot be written beside it.
      const before = OLD_STYLE + `# ${'x'.repeat(40_000)}\n`;
      writeFileSync(file, before);
      const run = await stevedoreLint([file], { fix: true, format: 'json', fail: false });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /cannot write the fixes to .*Dockerfile: no space left on the device; the file is unchanged/);
      assert.equal(readFileSync(file, 'utf8'), before, 'the original is intact');
      assert.deepEqual(readdirSync(mountPoint), ['Dockerfile'], 'no temporary file left behind');
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });

  it('--fix replaces the file keeping its mode, and writes through a symbolic link', async () => {
    writeFileSync(join(dir, 'real.Dockerfile'), OLD_STYLE);
    chmodSync(join(dir, 'real.Dockerfile'), 0o640);
    symlinkSync('real.Dockerfile', join(dir, 'Dockerfile'));
    await stevedoreLint(['Dockerfile'], { fix: true, format: 'json', fail: false });
    assert.ok(lstatSync(join(dir, 'Dockerfile')).isSymbolicLink(), 'the link stays a link');
    assert.notEqual(readFileSync(join(dir, 'real.Dockerfile'), 'utf8'), OLD_STYLE);
    assert.equal(statSync(join(dir, 'real.Dockerfile')).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir).sort(), ['Dockerfile', 'real.Dockerfile']);
  });

  it('a file over the size limit is reported from its size, not read', async () => {
    // A sparse 2 GB file: reading it whole would take 2 GB of memory.
    writeFileSync(join(dir, 'huge.Dockerfile'), '');
    truncateSync(join(dir, 'huge.Dockerfile'), 2 * 1024 ** 3);
    const started = Date.now();
    const run = await stevedoreLint(['huge.Dockerfile'], { format: 'json', fail: false });
    const rows = JSON.parse(run.stdout) as Array<{ code: string; message: string }>;
    assert.deepEqual(rows.map((row) => row.code), ['DL1000']);
    assert.match(rows[0].message, /too large to be a Dockerfile \(2,147,483,648 bytes; the limit is 524,288 characters\)/);
    assert.ok(Date.now() - started < 2000);
  });

  it('endless standard input stops at the limit: `lint -` gets one DL1000', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 65536;
        this.push(Buffer.alloc(65536, 0x41));
      },
    });
    const run = await stevedoreLint(['-'], { format: 'json', fail: false }, { maxBytes: 1024 * 1024, readStdin: (limit) => readStreamBytes(endless, limit) });
    const rows = JSON.parse(run.stdout) as Array<{ code: string; message: string }>;
    assert.deepEqual(rows.map((row) => row.code), ['DL1000']);
    assert.match(rows[0].message, /more than 1,048,576 bytes/);
    assert.ok(produced < 2 * 1024 * 1024, `read ${produced} bytes`);
  });

  it('--format gitlab on 20,000 findings reads each line once (44 s before, linear now)', () => {
    const text = 'FROM scratch\n' + 'RUN echo hi\n'.repeat(20_000);
    const findings = lint(text).findings;
    assert.ok(findings.length >= 19_999);
    const started = performance.now();
    const issues = JSON.parse(formatGitlab([{ file: 'Dockerfile', text, findings }])) as Array<{ fingerprint: string }>;
    const ms = performance.now() - started;
    assert.equal(issues.length, findings.length);
    assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, issues.length, 'fingerprints stay unique');
    assert.ok(ms < 3_000, `${ms.toFixed(0)} ms`);
  });
});
