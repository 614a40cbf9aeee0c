// ShellCheck inside RUN, against the real `shellcheck` executable (Debian's package; scripts/prereqs.mjs
// installs it). Each case is a Dockerfile with what hadolint reports for it (its ShellcheckSpec.hs
// cases and ours): the SC codes on each line, and here also the column ShellCheck points at.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { shellcheckFindings, type LintConfig } from '../../../src/dockerfile';

const installed = spawnSync('shellcheck', ['--version']).status === 0;

interface Case {
  name: string;
  dockerfile: string[];
  config?: Partial<LintConfig>;
  /** `CODE line:column`, 1-based like hadolint's tty output; exactly these and no others. ShellCheck
   * reports SC2154 (never assigned) for lower-case names only: upper case may come from the environment. */
  expected: string[];
}

const CASES: Case[] = [
  {
    name: 'an unquoted variable: SC2086 (and SC2154, never assigned) at the variable',
    dockerfile: ['FROM debian:12', 'RUN echo $MISSING_QUOTES'],
    expected: ['SC2086 2:10'],
  },
  {
    name: 'a valid script and the exec form give nothing',
    dockerfile: ['FROM debian:12', 'RUN echo foo', 'RUN ["foobar", "$f"]'],
    expected: [],
  },
  {
    name: 'the proxy variables Docker predefines are known',
    dockerfile: ['FROM debian:12', 'RUN echo "$HTTP_PROXY" "$https_proxy" "$NO_PROXY"'],
    expected: [],
  },
  {
    name: 'ARG and ENV names are known in their stage, forgotten after FROM an image',
    dockerfile: [
      'FROM debian:12', 'ARG foo=bar', 'ENV bar=10 baz=20', 'RUN echo "$foo" "$bar" "$baz"',
      'FROM debian:12', 'RUN echo "$foo"',
    ],
    expected: ['SC2154 6:11'],
  },
  {
    name: 'a stage built FROM an earlier stage keeps its SHELL and variables',
    dockerfile: [
      'FROM ubuntu:24.04 AS base', 'SHELL ["/bin/bash", "-e", "-o", "pipefail", "-c"]', 'ARG version',
      'FROM base', 'RUN source /etc/os-release && echo "$version"',
      'FROM ubuntu:24.04', 'RUN source /etc/os-release',
    ],
    expected: ['SC3046 7:5'],
  },
  {
    name: 'the shell defaults to sh; SHELL ["/bin/bash", "-c"] checks as bash',
    dockerfile: ['FROM debian:12', 'RUN echo $RANDOM', 'SHELL ["/bin/bash", "-c"]', 'RUN echo $RANDOM'],
    expected: ['SC3028 2:10'],
  },
  {
    name: 'continuation lines, and the comment lines inside them, map to the right line and column',
    dockerfile: [
      'FROM debian:12',
      'RUN apt-get update \\',
      '    # a comment Docker drops',
      '    && cd $dir \\',
      '    && echo $other',
    ],
    expected: ['SC2086 4:11', 'SC2154 4:11', 'SC2086 5:13', 'SC2154 5:13'],
  },
  {
    name: 'heredocs: the body is the script; a shell shebang picks the shell; another interpreter is skipped',
    dockerfile: [
      'FROM debian:12',
      'RUN <<EOF',
      'set -e',
      'echo $1',
      'EOF',
      'RUN <<EOF',
      '#!/bin/bash',
      'echo "$RANDOM" $2',
      'EOF',
      'RUN <<EOF',
      '#!/usr/bin/env python3',
      'print($x)',
      'EOF',
      'RUN cat <<EOF > /etc/motd',
      'hello $name',
      'EOF',
    ],
    expected: ['SC2086 4:6', 'SC2086 8:16', 'SC2154 15:7'],
  },
  {
    name: 'non-POSIX shells are not checked (SHELL and the shell pragma)',
    dockerfile: [
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["pwsh", "-c"]', 'RUN echo $x',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022', '# hadolint shell=powershell.exe',
      'RUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value',
    ],
    expected: [],
  },
  {
    name: 'ONBUILD RUN is checked with the default shell and variables',
    dockerfile: ['FROM debian:12', 'SHELL ["/bin/bash", "-c"]', 'ONBUILD RUN echo $RANDOM'],
    expected: ['SC3028 3:18'],
  },
  {
    name: 'a `# hadolint ignore=SC2086` pragma silences that code on the next instruction only',
    dockerfile: [
      'FROM debian:12', '# hadolint ignore=SC2086', 'RUN rm $FILES && cd /tmp', 'RUN rm $FILES',
    ],
    expected: ['SC2164 3:18', 'SC2086 4:8'],
  },
  {
    name: 'a `# hadolint global ignore=` pragma silences the file',
    dockerfile: ['# hadolint global ignore=SC2086,SC2154', 'FROM debian:12', 'RUN echo $a', 'RUN echo $b'],
    expected: [],
  },
  {
    name: '.hadolint.yaml `ignored` drops a code, `override` changes its level',
    dockerfile: ['FROM debian:12', 'RUN echo $a && cd /tmp'],
    config: { ignored: ['SC2154'], overrides: { error: ['SC2164'] } },
    expected: ['SC2086 2:10', 'SC2164 2:16 error'],
  },
  {
    name: 'RUN flags are not part of the script',
    dockerfile: ['FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt echo $x'],
    expected: ['SC2086 2:51', 'SC2154 2:51'],
  },
];

function describeFinding(finding: { code: string; range: { start: { line: number; character: number } } }): string {
  return `${finding.code} ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
}

describe('ShellCheck inside RUN (hadolint-style expectations)', function () {
  this.timeout(30_000);
  before(function () {
    if (!installed) assert.fail('shellcheck is not installed: run `node scripts/prereqs.mjs` (Debian package shellcheck)');
  });

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const text = testCase.dockerfile.join('\n') + '\n';
      const result = await shellcheckFindings(text, { config: testCase.config });
      assert.equal(result.problem, undefined);
      // An `error` level (only from an override here) is part of the expectation.
      const found = result.findings.map((finding) => describeFinding(finding) + (finding.severity === 'error' ? ' error' : ''));
      assert.deepEqual([...found].sort(), [...testCase.expected].sort(), text);
      for (const finding of result.findings) {
        assert.equal(finding.source, 'shellcheck');
        assert.equal(finding.docUrl, `https://www.shellcheck.net/wiki/${finding.code}`);
      }
    });
  }

  it('names the variable in the message and spans exactly the variable', async () => {
    const text = 'FROM debian:12\nRUN echo $name\n';
    const { findings } = await shellcheckFindings(text);
    const sc2086 = findings.find((finding) => finding.code === 'SC2086');
    assert.ok(sc2086);
    assert.deepEqual(sc2086.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 14 } });
    assert.equal(sc2086.severity, 'info');
    assert.match(findings.find((finding) => finding.code === 'SC2154')?.message ?? '', /name is referenced but not assigned/);
  });

  describe('the process', () => {
    let dir: string;
    let log: string;
    let wrapper: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'stevedore-test-shellcheck-'));
      log = join(dir, 'calls.log');
      wrapper = join(dir, 'counting-shellcheck');
      // The real shellcheck behind a script that counts its starts.
      writeFileSync(wrapper, `#!/bin/sh\necho "$#" >> '${log}'\nexec shellcheck "$@"\n`);
      chmodSync(wrapper, 0o755);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const calls = (): string[] => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };

    it('checks every RUN of a file in one process, and only changed scripts when linted again', async () => {
      const runs = Array.from({ length: 12 }, (_, i) => `RUN echo $v${i} # ${Math.random()}`);
      const text = ['FROM debian:12', ...runs].join('\n');
      const first = await shellcheckFindings(text, { executable: wrapper });
      assert.equal(first.findings.filter((finding) => finding.code === 'SC2086').length, 12);
      assert.equal(calls().length, 1, 'one shellcheck process for twelve RUNs');
      await shellcheckFindings(text, { executable: wrapper });
      assert.equal(calls().length, 1, 'nothing changed: answered from the cache');
      const edited = text.replace('$v3', '"$v3"');
      const again = await shellcheckFindings(edited, { executable: wrapper });
      assert.equal(calls().length, 2);
      assert.equal(again.findings.filter((finding) => finding.code === 'SC2086').length, 11);
      // The second process read only the one changed script (the wrapper logs its argument count).
      assert.ok(Number(calls()[1]) < Number(calls()[0]));
    });

    it('keeps answers on disk for the next process: no ShellCheck start for scripts already checked', async () => {
      const cacheFolder = join(dir, 'cache');
      const text = 'FROM debian:12\nRUN echo $a\nRUN echo "$b" $c\n';
      // First by name on PATH, then by its path: the second is not in this process's memory, only on disk.
      const savedPath = process.env.PATH ?? '';
      process.env.PATH = `${dir}${delimiter}${savedPath}`;
      let first: Awaited<ReturnType<typeof shellcheckFindings>>;
      try {
        first = await shellcheckFindings(text, { executable: 'counting-shellcheck', cacheFolder });
      } finally {
        process.env.PATH = savedPath;
      }
      assert.equal(calls().length, 1);
      assert.equal(first.findings.filter((finding) => finding.code === 'SC2086').length, 2);
      const second = await shellcheckFindings(text, { executable: wrapper, cacheFolder });
      assert.equal(calls().length, 1, 'answered from the disk cache');
      assert.deepEqual(second, first);
    });

    it('a Dockerfile without RUN starts no process', async () => {
      const result = await shellcheckFindings('FROM debian:12\nCMD ["sh"]\n', { executable: wrapper });
      assert.deepEqual(result, { findings: [] });
      assert.equal(calls().length, 0);
    });

    it('a missing executable is a problem to report, not an exception', async () => {
      const result = await shellcheckFindings('FROM debian:12\nRUN echo $a\n', { executable: join(dir, 'no-such-shellcheck') });
      assert.equal(result.problem?.kind, 'missing');
      assert.match(result.problem?.message ?? '', /apt-get install shellcheck/);
      assert.deepEqual(result.findings, []);
    });

    it('a slow ShellCheck is stopped at the deadline; a cancelled one at once', async () => {
      const slow = join(dir, 'slow-shellcheck');
      writeFileSync(slow, '#!/bin/sh\nsleep 5\n');
      chmodSync(slow, 0o755);
      let started = Date.now();
      const late = await shellcheckFindings('FROM debian:12\nRUN echo $late\n', { executable: slow, timeoutMs: 200 });
      assert.equal(late.problem?.kind, 'timeout');
      assert.ok(Date.now() - started < 2_000);
      const controller = new AbortController();
      started = Date.now();
      const pending = shellcheckFindings('FROM debian:12\nRUN echo $cancelled\n', { executable: slow, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      assert.equal((await pending).problem?.kind, 'cancelled');
      assert.ok(Date.now() - started < 2_000);
    });

    it('a program that is not ShellCheck is reported as failed', async () => {
      const broken = join(dir, 'broken-shellcheck');
      writeFileSync(broken, '#!/bin/sh\necho "unexpected" >&2\nexit 4\n');
      chmodSync(broken, 0o755);
      const result = await shellcheckFindings('FROM debian:12\nRUN echo $broken\n', { executable: broken });
      assert.equal(result.problem?.kind, 'failed');
      assert.match(result.problem?.message ?? '', /unexpected/);
    });
  });
});
