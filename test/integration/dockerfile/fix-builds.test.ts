// A fix never breaks a Dockerfile: each Dockerfile here (FROM scratch + busybox, so the engine
// builds it offline) is built before and after `stevedore lint --fix`; both builds succeed, the
// fixed findings are gone, the images' configuration is the same wherever the fixes claim it is,
// and the containers print the same thing.
import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
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
