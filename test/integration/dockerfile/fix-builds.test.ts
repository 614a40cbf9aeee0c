// A fix never breaks a Dockerfile: each Dockerfile here (FROM scratch + busybox, so the engine
// builds it offline) is built before and after `stevedore lint --fix`; both builds succeed, the
// fixed findings are gone, the images' configuration is the same wherever the fixes claim it is,
// and the containers print the same thing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import * as tarStream from 'tar-stream';
import { lint } from '../../../src/dockerfile';
import { runLint, type LintIo } from '../../../src/cli/lint';
import { BUSYBOX_PREAMBLE, busyboxPath, dockerCli, requireDocker } from '../../support/docker';

const PREFIX = 'stevedore-t-glue-';

/** Like buildTestImage, but with no network: these builds need none, and it keeps them independent of the engine's bridge. */
async function buildOffline(tag: string, dockerfile: string, files: Record<string, string> = {}): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'stevedore-t-glue-ctx-'));
  try {
    copyFileSync(busyboxPath(), join(context, 'busybox'));
    chmodSync(join(context, 'busybox'), 0o755);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(context, name), content);
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    await dockerCli(['build', '--network', 'none', '-q', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

interface FixCase {
  name: string;
  dockerfile: string;
  files?: Record<string, string>;
  /** Config fields the applied fixes leave untouched (they claim equivalence there). */
  sameConfig: string[];
  /** What the container prints, compared before and after. */
  run: string[];
}

const CASES: FixCase[] = [
  {
    name: 'legacy instructions',
    dockerfile:
      BUSYBOX_PREAMBLE +
      'MAINTAINER Ops Team <ops@example.com>\nADD hello.txt /srv/hello.txt\nworkdir /srv\nENV GREETING hello world\nEXPOSE 8080/TCP 9090/UDP\n' +
      'RUN echo one > /srv/one.txt\nHEALTHCHECK CMD true\nHEALTHCHECK --interval=5s CMD test -f /srv/one.txt\nCMD echo first\nCMD cat /srv/hello.txt\n',
    files: { 'hello.txt': 'hello from the build context\n' },
    // MAINTAINER -> LABEL moves the author into a label; shell-form CMD -> exec form changes Cmd (same output).
    sameConfig: ['Env', 'WorkingDir', 'ExposedPorts', 'Healthcheck', 'Entrypoint', 'User', 'Volumes', 'StopSignal'],
    run: [],
  },
  {
    name: 'stage and keyword casing, ignored ENTRYPOINT',
    dockerfile:
      BUSYBOX_PREAMBLE.replace('FROM scratch', 'FROM scratch as Base') +
      'run echo built > /built.txt\nFROM Base AS Final\nCopy --from=Base /built.txt /copied.txt\nENV PATH=/bin:/usr/bin\n' +
      'ENTRYPOINT ["sh", "-c"]\nENTRYPOINT ["cat"]\nCMD ["/copied.txt"]\n',
    sameConfig: ['Cmd', 'Entrypoint', 'Env', 'Labels', 'WorkingDir', 'ExposedPorts', 'Healthcheck', 'User', 'Volumes', 'StopSignal'],
    run: [],
  },
  {
    name: 'consecutive RUNs, empty continuation lines, exec forms',
    dockerfile:
      BUSYBOX_PREAMBLE +
      'RUN mkdir -p /data\nRUN echo a > /data/a.txt\nRUN echo b \\\n\n    > /data/b.txt\nENV A=1 \\\n    B=2\nLABEL org.example.role=test\n' +
      'STOPSIGNAL SIGTERM\nUSER 1000:1000\nWORKDIR /data\nENTRYPOINT ["sh", "-c", "cat /data/a.txt /data/b.txt; echo $A$B"]\n',
    sameConfig: ['Cmd', 'Entrypoint', 'Env', 'Labels', 'WorkingDir', 'ExposedPorts', 'Healthcheck', 'User', 'Volumes', 'StopSignal'],
    run: [],
  },
  {
    name: 'COPY and ADD of several files, relative WORKDIR',
    dockerfile:
      BUSYBOX_PREAMBLE +
      'WORKDIR /opt\nadd a.txt b.txt /opt/app/\nCOPY a.txt b.txt /opt/both/\nexpose 80/TCP\ncmd ls /opt/app /opt/both\n',
    files: { 'a.txt': 'a\n', 'b.txt': 'b\n' },
    sameConfig: ['Env', 'Labels', 'WorkingDir', 'ExposedPorts', 'Healthcheck', 'User', 'Entrypoint'],
    run: [],
  },
];

describe('dockerfile fixes keep Dockerfiles building (real engine)', function () {
  this.timeout(300_000);
  let docker: Docker;
  const tags: string[] = [];
  let dir: string;

  before(async function () {
    docker = await requireDocker(this);
    dir = mkdtempSync(join(tmpdir(), 'stevedore-fix-builds-'));
  });
  after(async () => {
    for (const tag of tags) await dockerCli(['rmi', '-f', tag]).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const inspectConfig = async (tag: string): Promise<Record<string, unknown>> => {
    const [image] = JSON.parse(await dockerCli(['image', 'inspect', tag])) as Array<{ Config: Record<string, unknown> }>;
    return image.Config;
  };
  const runOutput = async (tag: string, suffix: string): Promise<string> =>
    dockerCli(['run', '--rm', '--network', 'none', '--name', `${PREFIX}run-${suffix}-${process.pid}`, tag]);

  CASES.forEach((fixCase, index) => {
    it(`${fixCase.name}: builds before and after --fix, fixed findings gone, same behaviour`, async () => {
      assert.ok(docker);
      const before = fixCase.dockerfile;
      const fixable = lint(before).findings.filter((finding) => finding.fix);
      assert.ok(fixable.length >= 2, `the case exercises fixable rules (found ${fixable.map((f) => f.code).join(', ')})`);

      const beforeTag = `${PREFIX}fix-${index}-before:latest`;
      const afterTag = `${PREFIX}fix-${index}-after:latest`;
      tags.push(beforeTag, afterTag);
      await buildOffline(beforeTag, before, fixCase.files);

      // `stevedore lint --fix` on the file, as a user runs it.
      const file = join(dir, `case${index}.Dockerfile`);
      writeFileSync(file, before);
      let stderr = '';
      const io: LintIo = {
        cwd: dir,
        env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') },
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        readStdin: async () => '',
      };
      await runLint([file], { fix: true, fail: false, format: 'json' }, io);
      const after = readFileSync(file, 'utf8');
      assert.notEqual(after, before, `--fix changed the file (stderr: ${stderr})`);
      assert.match(stderr, /\d+ fix/);

      await assert.doesNotReject(buildOffline(afterTag, after, fixCase.files), `the fixed Dockerfile must build:\n${after}`);

      const left = lint(after).findings;
      assert.deepEqual(left.filter((finding) => finding.fix).map((finding) => `${finding.code}@${finding.range.start.line + 1}`), [], `fixable findings left in:\n${after}`);
      for (const code of new Set(fixable.map((finding) => finding.code))) {
        const countBefore = lint(before).findings.filter((finding) => finding.code === code).length;
        const countAfter = left.filter((finding) => finding.code === code).length;
        assert.ok(countAfter < countBefore, `${code}: ${countBefore} before, ${countAfter} after`);
      }

      const configBefore = await inspectConfig(beforeTag);
      const configAfter = await inspectConfig(afterTag);
      for (const field of fixCase.sameConfig) assert.deepEqual(configAfter[field] ?? null, configBefore[field] ?? null, `${field} unchanged by the fixes`);
      assert.equal(await runOutput(afterTag, `${index}a`), await runOutput(beforeTag, `${index}b`), 'the container prints the same');
    });
  });
});

// Issue 9, items 11-14: fixes that merge RUNs or turn ADD into COPY. Each Dockerfile is built before
// and after `stevedore lint --fix`, and the two images' filesystems (every path's type, mode, owner,
// link and content, from `docker export`) must be identical - not only both build. `apt-get` is a
// stand-in script (no network): it records the directory, umask and $X it ran with, so a merge
// that carried a `cd`, `umask` or `export` into the next RUN changes a file.
const FAKE_APT = '#!/bin/sh\nmkdir -p /var/lib/apt/lists /var/log\necho "$(pwd) $(umask) $X" >> /var/log/apt-calls\ntouch /var/lib/apt/lists/index\n';
const APT_PREAMBLE = 'COPY apt-get /bin/apt-get\nRUN ["/bin/chmod", "755", "/bin/apt-get"]\nRUN ["/bin/mkdir", "-p", "/tmp"]\n';

interface SameImageCase {
  name: string;
  dockerfile: string;
  files?: Record<string, string | Buffer>;
  /** Codes whose fix must have been applied (the case exercises it). */
  fixedCodes: string[];
  /** Codes left out (`--ignore`), so the fix under test is the one that applies. */
  ignore?: string[];
}

function tarOf(entries: Record<string, string>): Buffer {
  const script = [
    'import io, json, sys, tarfile',
    'entries = json.loads(sys.argv[1])',
    'buffer = io.BytesIO()',
    'with tarfile.open(fileobj=buffer, mode="w:" + sys.argv[2]) as tar:',
    '    for name, text in entries.items():',
    '        data = text.encode()',
    '        info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644',
    '        tar.addfile(info, io.BytesIO(data))',
    'sys.stdout.buffer.write(buffer.getvalue())',
  ].join('\n');
  return execFileSync('python3', ['-c', script, JSON.stringify(entries), 'gz'], { maxBuffer: 16 * 1024 * 1024 });
}

const SAME_IMAGE_CASES: SameImageCase[] = [
  {
    name: 'SD3005 and SD3001 with escape=` merge with a backtick continuation (item 11)',
    dockerfile:
      '# escape=`\n' + BUSYBOX_PREAMBLE + APT_PREAMBLE +
      'RUN apt-get update && apt-get install -y curl && echo one > /one.txt\n' +
      'RUN apt-get update && apt-get install -y git && echo two > /two.txt\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends make\n' +
      'RUN rm -rf /var/lib/apt/lists/*\n',
    files: { 'apt-get': FAKE_APT },
    fixedCodes: ['SD3005', 'SD3001'],
    ignore: ['DL3009'],
  },
  {
    name: 'a RUN ending in ; merges without `; &&` (item 12)',
    dockerfile:
      BUSYBOX_PREAMBLE + APT_PREAMBLE +
      'RUN apt-get update && apt-get install -y curl && echo one > /one.txt;\n' +
      'RUN apt-get update && apt-get install -y git && echo two > /two.txt\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends make;\n' +
      'RUN rm -rf /var/lib/apt/lists/*\n',
    files: { 'apt-get': FAKE_APT },
    fixedCodes: ['SD3005', 'SD3001'],
    ignore: ['DL3009'],
  },
  {
    name: 'no merge after cd, export, umask or . (item 13)',
    dockerfile:
      BUSYBOX_PREAMBLE + APT_PREAMBLE +
      'RUN cd /tmp && apt-get update && apt-get install -y curl\n' +
      'RUN apt-get update && apt-get install -y git && touch marker\n' +
      'RUN umask 077 && apt-get update && apt-get install -y make\n' +
      'RUN rm -rf /var/lib/apt/lists/*\n' +
      'RUN cd /tmp\nRUN touch marker2\n' +
      'RUN echo "export X=1" > /env.sh && . /env.sh && apt-get update && apt-get install -y vim\n' +
      'RUN apt-get update && apt-get install -y jq && echo "x=$X" > /x.txt\n',
    files: { 'apt-get': FAKE_APT },
    // Merges still happen where the state change is in the RUN appended last (nothing follows it there).
    fixedCodes: ['SD3005', 'DL3059'],
    // DL3009 deletes the apt lists on purpose: a different image, not what this case is about.
    ignore: ['DL3009'],
  },
  {
    name: 'ADD of archives among several sources, or without an archive extension, stays ADD (item 14)',
    dockerfile: BUSYBOX_PREAMBLE + 'ADD files.tar.gz readme.txt /opt/\nADD vendor.bundle /vendor/\nADD readme.txt /doc/\n',
    files: { 'files.tar.gz': tarOf({ 'inside.txt': 'extracted\n' }), 'vendor.bundle': tarOf({ 'gem.rb': 'puts 1\n' }), 'readme.txt': 'read me\n' },
    fixedCodes: ['DL3020'],
  },
];

describe('dockerfile fixes leave the image the same (real engine, issue 9)', function () {
  this.timeout(300_000);
  const tags: string[] = [];
  let dir: string;

  before(async function () {
    await requireDocker(this);
    dir = mkdtempSync(join(tmpdir(), 'stevedore-fix-same-'));
  });
  after(async () => {
    for (const tag of tags) await dockerCli(['rmi', '-f', tag]).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function build(tag: string, dockerfile: string, files: Record<string, string | Buffer>): Promise<void> {
    const context = mkdtempSync(join(tmpdir(), 'stevedore-t-glue-ctx-'));
    try {
      copyFileSync(busyboxPath(), join(context, 'busybox'));
      chmodSync(join(context, 'busybox'), 0o755);
      for (const [name, content] of Object.entries(files)) writeFileSync(join(context, name), content);
      writeFileSync(join(context, 'Dockerfile'), dockerfile);
      await dockerCli(['build', '--network', 'none', '-q', '-t', tag, context]);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }

  /** path -> type, mode, owner, link target and content hash of every entry of the image's filesystem. */
  async function filesystem(tag: string, suffix: string): Promise<Map<string, string>> {
    const name = `${PREFIX}fs-${suffix}-${process.pid}`;
    const file = join(dir, `${suffix}.tar`);
    await dockerCli(['create', '--name', name, tag, '/bin/true']);
    try {
      await dockerCli(['export', '-o', file, name]);
    } finally {
      await dockerCli(['rm', '-f', name]).catch(() => undefined);
    }
    const entries = new Map<string, string>();
    const extract = tarStream.extract();
    await new Promise<void>((resolve, reject) => {
      extract.on('entry', (header, stream, next) => {
        const hash = createHash('sha256');
        stream.on('data', (chunk: unknown) => hash.update(chunk as Buffer));
        stream.on('end', () => {
          entries.set(header.name.replace(/\/$/, ''), `${header.type} ${(header.mode ?? 0).toString(8)} ${header.uid}:${header.gid} ${header.linkname ?? ''} ${hash.digest('hex')}`);
          next();
        });
        stream.on('error', reject);
      });
      extract.on('finish', resolve);
      extract.on('error', reject);
      createReadStream(file).pipe(extract);
    });
    return entries;
  }

  SAME_IMAGE_CASES.forEach((sameCase, index) => {
    it(`${sameCase.name}: same filesystem before and after --fix`, async () => {
      const files = sameCase.files ?? {};
      const before = sameCase.dockerfile;
      const beforeTag = `${PREFIX}same-${index}-before:latest`;
      const afterTag = `${PREFIX}same-${index}-after:latest`;
      tags.push(beforeTag, afterTag);
      await build(beforeTag, before, files);

      const file = join(dir, `same${index}.Dockerfile`);
      writeFileSync(file, before);
      let stderr = '';
      const io: LintIo = {
        cwd: dir,
        env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') },
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        readStdin: async () => '',
      };
      await runLint([file], { fix: true, fail: false, format: 'json', ignore: sameCase.ignore }, io);
      const after = readFileSync(file, 'utf8');
      for (const code of sameCase.fixedCodes) assert.match(stderr, new RegExp(`\\b${code}\\b`), `${code} was fixed (stderr: ${stderr})\n${after}`);
      await assert.doesNotReject(build(afterTag, after, files), `the fixed Dockerfile must build:\n${after}`);
      const [fsBefore, fsAfter] = [await filesystem(beforeTag, `${index}b`), await filesystem(afterTag, `${index}a`)];
      assert.ok(fsBefore.size > 10, 'the export lists the image files');
      const differences = [...new Set([...fsBefore.keys(), ...fsAfter.keys()])].filter((path) => fsBefore.get(path) !== fsAfter.get(path));
      assert.deepEqual(differences, [], `the fixes changed the image's files:\n${after}`);
    });
  });
});
