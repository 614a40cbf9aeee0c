// Bad input never crashes or hangs the linter: random text, real Dockerfiles mutated, binary,
// invalid UTF-8, huge files, thousands of continuations, unterminated heredocs. Every answer is
// findings (or a DL1000 parse diagnostic) with ranges inside the text, produced within a time
// bound, and applying every fix gives text that still lints.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { lint, SEVERITIES, type Finding } from '../../../src/dockerfile';
import { applyFixes, fixUntilStable } from '../../../src/dockerfile/fixes';
import { TextIndex } from '../../../src/dockerfile/rules/kit';
import { expandSnippet } from '../../support/snippet';

const root = join(__dirname, '..', '..', '..');

/** Real Dockerfiles: the demo workspace's and the snippets' bodies (placeholders as their defaults). */
function realDockerfiles(): string[] {
  const demo = readdirSync(join(root, 'demo'))
    .filter((name) => /(^|\.)(Dockerfile|Containerfile)(\.|$)/i.test(name))
    .map((name) => readFileSync(join(root, 'demo', name), 'utf8'));
  const snippets = Object.values(JSON.parse(readFileSync(join(root, 'snippets/dockerfile.json'), 'utf8')) as Record<string, { body: string[] }>).map((snippet) => expandSnippet(snippet.body));
  const handWritten = [
    '# syntax=docker/dockerfile:1\nFROM debian:12 AS build\nRUN <<EOF\napt-get update\napt-get install -y gcc\nEOF\nCOPY <<-CONF /etc/app.conf\n\tkey=value\n\tCONF\nFROM scratch\nCOPY --from=build /usr/bin/gcc /gcc\n',
    'FROM python:3.12\nRUN pip install flask \\\n    && pip install gunicorn \\\n    && rm -rf /root/.cache\nENV A=1 B=$A\nARG SECRET_TOKEN\nEXPOSE 80/TCP 8000-8010\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nUSER root\n',
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nSHELL ["powershell", "-Command"]\nCMD ["cmd"]\n',
    'ARG BASE=alpine:3.20\nFROM ${BASE}\nRUN apk add curl && apk add --no-cache git\nONBUILD RUN echo hi\nADD https://example.com/a.tar.gz /tmp/\nADD local.tar.gz /opt/\nCOPY --chown=1000:1000 . /src\nRUN chown -R 1000 /src\nWORKDIR src\nENTRYPOINT exec /bin/sh\n',
  ];
  return [...demo, ...snippets, ...handWritten];
}

const SEEDS = realDockerfiles();

/** Everything the lint result promises, whatever the input. */
function checkLint(text: string, boundMs: number): Finding[] {
  const started = performance.now();
  let result: ReturnType<typeof lint>;
  try {
    result = lint(text);
  } catch (error) {
    assert.fail(`lint threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < boundMs, `lint took ${elapsed.toFixed(0)} ms (bound ${boundMs} ms) on ${text.length} characters`);
  assert.deepEqual(result.ruleErrors ?? [], [], `no rule may throw; input: ${JSON.stringify(text.slice(0, 300))}`);
  const lines = new TextIndex(text).lineStarts.length;
  for (const finding of result.findings) {
    assert.doesNotMatch(finding.message, /internal error/i, `an engine bug surfaced as ${finding.code}: ${finding.message}`);
    assert.ok(finding.code.length > 0);
    assert.ok((SEVERITIES as readonly string[]).includes(finding.severity));
    const { start, end } = finding.range;
    assert.ok(start.line >= 0 && start.line < lines && end.line < lines, `${finding.code} range inside the text`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${finding.code} range ordered`);
  }
  return result.findings;
}

/** Apply every fix (one pass, then until stable): the text must still lint without error. */
function checkFixes(text: string, findings: Finding[]): void {
  const fixes = findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
  if (fixes.length === 0) return;
  const once = applyFixes(text, fixes);
  checkLint(once.text, 2000);
  const stable = fixUntilStable(text, (current) => lint(current).findings);
  checkLint(stable.text, 2000);
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('\\\n', ' \\\n\\\n', '<<EOF\n', '<<-"END"\n', '\nEOF\n', '\nRUN <<A <<B\n', '\n# hadolint ignore=DL3008\n', '\n# check=skip=all\n', '"', "'", '[', ']', '${', '$(', '`', '\r', '\r\n', '\uFEFF', '\u0000', '\uFFFD', '\uD800'),
  }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.constantFrom('FROM', 'FROM a AS', 'COPY --from=', 'RUN', 'ONBUILD ONBUILD RUN x', 'ARG', 'ENV', 'LABEL a', 'HEALTHCHECK CMD', 'EXPOSE 80-', 'USER', 'WORKDIR', 'SHELL [', 'CMD [1,', 'ADD', 'MAINTAINER', '# escape=`', 'STOPSIGNAL', 'VOLUME [') }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(seed: string, mutations: Mutation[]): string {
  let text = seed;
  for (const change of mutations) {
    const at = text.length === 0 ? 0 : change.at % (text.length + 1);
    if (change.kind === 'insert') text = text.slice(0, at) + change.text + text.slice(at);
    else if (change.kind === 'delete') text = text.slice(0, at) + text.slice(at + change.length);
    else {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      text = text.slice(0, lineStart) + change.text + '\n' + text.slice(lineStart);
    }
  }
  return text;
}

describe('dockerfile lint on bad input (property-based)', function () {
  this.timeout(120_000);

  it('lints every real seed Dockerfile cleanly (no rule errors)', () => {
    assert.ok(SEEDS.length >= 10);
    for (const seed of SEEDS) checkFixes(seed, checkLint(seed, 1000));
  });

  it('never throws on mutated real Dockerfiles, and their fixes keep them lintable', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 12 }), (seed, mutations) => {
        const text = mutate(seed, mutations);
        checkFixes(text, checkLint(text, 500));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random text made of Dockerfile words', () => {
    const word = fc.constantFrom('FROM', 'RUN', 'COPY', 'ADD', 'AS', 'ENV', 'ARG', '--mount=type=cache,target=/x', '--from=0', 'apt-get', 'install', '-y', '&&', '||', '|', ';', '\\', '\n', ' ', '<<EOF', 'EOF', '"', "'", '[', ']', ',', '=', '$HOME', '${A:-b}', '#', 'scratch', 'node:20', 'USER', 'root', 'HEALTHCHECK', 'NONE', 'CMD', 'ONBUILD');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 80 }), (words) => {
        const text = words.join(' ');
        checkFixes(text, checkLint(text, 500));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary Unicode, binary bytes, or invalid UTF-8 decoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkFixes(text, checkLint(text, 500));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const utf8 = new TextDecoder('utf-8').decode(bytes);
        checkLint(utf8, 500);
        checkLint(Buffer.from(bytes).toString('latin1'), 500);
        checkLint('FROM busybox\nRUN ' + utf8, 500);
      }),
      { numRuns: 300 },
    );
  });

  // The extreme inputs run in a child process killed after HARD_LIMIT_MS, so a hang fails the test
  // instead of freezing the run; inside it, lint is timed after a warm-up.
  const HARD_LIMIT_MS = 60_000;
  const lintInChild = (text: string): { ms: number; codes: string[]; messages: string[]; ruleErrors: string[]; fixedOk: boolean } => {
    const script = `
      const { lint } = require(${JSON.stringify(join(root, 'src/dockerfile'))});
      const { fixUntilStable } = require(${JSON.stringify(join(root, 'src/dockerfile/fixes'))});
      const chunks = [];
      process.stdin.on('data', (chunk) => chunks.push(chunk));
      process.stdin.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        lint('FROM busybox\\nRUN apt-get update && echo warm\\n');
        const started = performance.now();
        const result = lint(text);
        const ms = performance.now() - started;
        let fixedOk = true;
        try { lint(fixUntilStable(text, (t) => lint(t).findings, 3).text); } catch { fixedOk = false; }
        process.stdout.write(JSON.stringify({ ms, codes: result.findings.map((f) => f.code), messages: result.findings.map((f) => f.message), ruleErrors: result.ruleErrors ?? [], fixedOk }));
      });`;
    const child = spawnSync(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, '-e', script], {
      input: text,
      encoding: 'utf8',
      timeout: HARD_LIMIT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(child.signal, null, `lint did not finish within ${HARD_LIMIT_MS} ms (killed): it hangs on ${text.length} characters`);
    assert.equal(child.status, 0, child.stderr.slice(0, 2000));
    return JSON.parse(child.stdout);
  };
  const checkExtreme = (name: string, text: string, boundMs: number): string[] => {
    const result = lintInChild(text);
    assert.deepEqual(result.ruleErrors, [], `${name}: no rule may throw`);
    for (const message of result.messages) assert.doesNotMatch(message, /internal error/i, `${name}: ${message}`);
    assert.ok(result.fixedOk, `${name}: applying its fixes gives text that lints`);
    assert.ok(result.ms < boundMs, `${name}: lint took ${result.ms.toFixed(0)} ms (bound ${boundMs} ms)`);
    return result.codes;
  };

  it('answers a 10 MB text quickly, with a clear diagnostic rather than a hang', () => {
    const line = 'RUN echo "a line of a generated file that is far too large to be a Dockerfile"\n';
    const text = 'FROM busybox\n' + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    assert.ok(text.length >= 10 * 1024 * 1024);
    const codes = checkExtreme('10 MB', text, 3000);
    assert.ok(codes.length > 0, 'a 10 MB text gets a finding explaining what happened');
  });

  it('survives 5,000 continuations in one RUN', () => {
    const continued = 'FROM busybox\nRUN echo start \\\n' + '    && echo more \\\n'.repeat(5000) + '    && echo end\n';
    checkExtreme('5,000 continuations', continued, 3000);
    const emptyContinuations = 'FROM busybox\nRUN echo a \\\n' + '\\\n'.repeat(5000) + '\n';
    checkExtreme('5,000 empty continuations', emptyContinuations, 3000);
  });

  it('survives unterminated heredocs', () => {
    const heredoc = 'FROM busybox\nRUN <<EOF\necho one\necho two\n' + 'echo never closed\n'.repeat(2000);
    checkExtreme('unterminated heredoc', heredoc, 3000);
    checkExtreme('500 heredoc markers', 'FROM busybox\n' + 'RUN <<A <<B <<C\n'.repeat(500), 3000);
  });
});
