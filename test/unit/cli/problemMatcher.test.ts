// The $stevedore problem matcher (package.json problemPatterns/problemMatchers) over what
// `stevedore lint --format tty` prints: every line becomes the problem the editor shows for that
// finding (file, 1-based line and column, code, severity as the Problems view shows it, message).
// The same matcher in a real task run: test/extension/tasks.test.ts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, type Severity } from '../../../src/dockerfile';
import { formatTty } from '../../../src/cli/lintFormats/tty';

interface Pattern { regexp: string; file: number; line: number; column: number; code: number; severity: number; message: number }
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { problemPatterns: Array<Pattern & { name: string }>; problemMatchers: Array<{ name: string; pattern: string; severity: string; owner: string }> };
};

/** What VS Code's task system makes of a severity group: error/warning/info, anything else the matcher's default. */
function matcherSeverity(value: string, fallback: string): string {
  return ['error', 'warning', 'info'].includes(value) ? value : fallback;
}
/** How the extension shows a finding's severity (src/vscode/dockerfile/diagnostics.ts: style shows as Information). */
const EDITOR: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

describe('the $stevedore problem matcher', () => {
  const matcher = manifest.contributes.problemMatchers.find((entry) => entry.name === 'stevedore')!;
  const pattern = manifest.contributes.problemPatterns.find((entry) => `$${entry.name}` === matcher.pattern)!;
  const regexp = new RegExp(pattern.regexp);

  it('is declared, with its pattern', () => {
    assert.ok(matcher && pattern);
    // Not the extension's own collection (`stevedore`): a task's problems must not replace the editor's.
    assert.equal(matcher.owner, 'stevedore-lint');
  });

  it('turns each tty line into the finding the editor shows, on several lines and columns', () => {
    const text = [
      'FROM ubuntu',
      'RUN apt-get update && apt-get install -y curl',
      'WORKDIR app',
      'COPY --chown=1000 . /x',
      'MAINTAINER someone@example.com',
      'EXPOSE 80/TCP',
      'CMD node server.js',
      '',
    ].join('\n');
    const { findings } = lint(text);
    assert.ok(findings.length >= 6, `${findings.length} findings`);
    assert.ok(new Set(findings.map((finding) => finding.range.start.line)).size >= 5, 'findings on several lines');
    assert.ok(findings.some((finding) => finding.range.start.character > 0), 'findings at several columns');
    assert.ok(new Set(findings.map((finding) => finding.severity)).size >= 3, 'several severities');
    const lines = formatTty([{ file: 'svc/app/Dockerfile', text, findings }], false).trimEnd().split('\n');
    assert.equal(lines.length, findings.length);
    lines.forEach((line, index) => {
      const match = regexp.exec(line);
      assert.ok(match, `no match: ${line}`);
      const finding = findings[index];
      assert.deepEqual(
        {
          file: match[pattern.file], line: Number(match[pattern.line]), column: Number(match[pattern.column]),
          code: match[pattern.code], severity: matcherSeverity(match[pattern.severity], matcher.severity), message: match[pattern.message],
        },
        {
          file: 'svc/app/Dockerfile', line: finding.range.start.line + 1, column: finding.range.start.character + 1,
          code: finding.code, severity: EDITOR[finding.severity], message: finding.message,
        },
      );
    });
  });

  it('reads paths with spaces and colons, and twin codes', () => {
    const match = regexp.exec('my dir/a:b/Dockerfile:12:3 DL3025 / JSONArgsRecommended warning: Use arguments JSON notation: CMD');
    assert.ok(match);
    assert.equal(match[pattern.file], 'my dir/a:b/Dockerfile');
    assert.equal(match[pattern.line], '12');
    assert.equal(match[pattern.code], 'DL3025 / JSONArgsRecommended');
    assert.equal(match[pattern.message], 'Use arguments JSON notation: CMD');
  });
});
