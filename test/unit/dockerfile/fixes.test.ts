import * as assert from 'node:assert/strict';
import type { Finding, Fix, Range } from '../../../src/dockerfile/types';
import { applyFixes, fixUntilStable, ignoreForLineFix, ignoreInFileFix, minimalEdit, skipCheckFix } from '../../../src/dockerfile/fixes';

const range = (line: number, from: number, to: number, endLine = line): Range => ({ start: { line, character: from }, end: { line: endLine, character: to } });
const replace = (title: string, r: Range, newText: string): Fix => ({ title, edits: [{ range: r, newText }] });

describe('dockerfile fixes: applyFixes', () => {
  const text = 'FROM busybox\nADD a.txt /a.txt\nMAINTAINER me\n';

  it('applies non-overlapping fixes, whatever order they are given in', () => {
    const add = replace('ADD->COPY', range(1, 0, 3), 'COPY');
    const maintainer = replace('MAINTAINER->LABEL', range(2, 0, 13), 'LABEL maintainer="me"');
    const result = applyFixes(text, [maintainer, add]);
    assert.equal(result.text, 'FROM busybox\nCOPY a.txt /a.txt\nLABEL maintainer="me"\n');
    assert.deepEqual(result.applied, [add, maintainer]);
    assert.deepEqual(result.skipped, []);
  });

  it('skips a fix overlapping an earlier one and keeps the first', () => {
    const first = replace('one', range(1, 0, 3), 'COPY');
    const overlapping = replace('two', range(1, 2, 9), 'XXX');
    const result = applyFixes(text, [first, overlapping]);
    assert.equal(result.text, 'FROM busybox\nCOPY a.txt /a.txt\nMAINTAINER me\n');
    assert.deepEqual(result.skipped, [overlapping]);
  });

  it('takes a multi-edit fix whole or not at all', () => {
    const blocker = replace('blocker', range(0, 0, 4), 'from');
    const twoEdits: Fix = { title: 'two edits', edits: [{ range: range(2, 0, 10), newText: 'LABEL' }, { range: range(0, 2, 4), newText: 'OM!' }] };
    const result = applyFixes(text, [twoEdits, blocker]);
    assert.equal(result.text, 'from busybox\nADD a.txt /a.txt\nMAINTAINER me\n');
    assert.deepEqual(result.applied, [blocker]);
    assert.deepEqual(result.skipped, [twoEdits]);
  });

  it('treats two insertions at the same place as a clash, an insertion after a replacement as fine', () => {
    const insertA = replace('a', range(1, 0, 0), '# a\n');
    const insertB = replace('b', range(1, 0, 0), '# b\n');
    const afterReplace = replace('c', range(0, 12, 12), ' AS base');
    const replaceFrom = replace('d', range(0, 5, 12), 'scratch');
    const result = applyFixes(text, [insertA, insertB, replaceFrom, afterReplace]);
    assert.equal(result.text, 'FROM scratch AS base\n# a\nADD a.txt /a.txt\nMAINTAINER me\n');
    assert.deepEqual(result.skipped, [insertB]);
  });

  it('keeps CRLF line endings and counts positions per line', () => {
    const crlf = 'FROM busybox\r\nADD a /a\r\n';
    const result = applyFixes(crlf, [replace('ADD->COPY', range(1, 0, 3), 'COPY')]);
    assert.equal(result.text, 'FROM busybox\r\nCOPY a /a\r\n');
  });

  it('clamps positions past the end of a line or the text instead of throwing', () => {
    const result = applyFixes('FROM a\nRUN x', [replace('end', range(1, 4, 99), 'y'), replace('far', range(40, 0, 0), '\nCMD z')]);
    assert.equal(result.text, 'FROM a\nRUN y\nCMD z');
  });

  it('skips a fix without edits', () => {
    const empty: Fix = { title: 'nothing', edits: [] };
    assert.deepEqual(applyFixes(text, [empty]), { text, applied: [], skipped: [empty] });
  });
});

describe('dockerfile fixes: fixUntilStable', () => {
  // A stand-in linter: each lowercase keyword gets upper-cased by a fix that also reaches one
  // character into the next line, so neighbouring fixes overlap and a second pass is needed.
  const lintText = (text: string): Finding[] => {
    const lines = text.split('\n');
    return lines.flatMap((line, index) => {
      const keyword = /^[a-z]+/.exec(line)?.[0];
      if (!keyword) return [];
      const last = index === lines.length - 1;
      const reach = last ? range(index, 0, line.length) : range(index, 0, 1, index + 1);
      const newText = line.replace(keyword, keyword.toUpperCase()) + (last ? '' : '\n' + lines[index + 1].charAt(0));
      return [{ code: 'TEST1', source: 'stevedore', severity: 'style', message: 'upper-case it', range: range(index, 0, keyword.length), docUrl: '', fix: replace(`upper-case ${keyword}`, reach, newText) }];
    });
  };

  it('repeats passes until nothing is left to fix, and counts each fix', () => {
    const run = fixUntilStable('from a\nrun b\ncmd c', lintText);
    assert.equal(run.text, 'FROM a\nRUN b\nCMD c');
    assert.deepEqual(run.fixedCodes, ['TEST1', 'TEST1', 'TEST1']);
    assert.equal(run.passes, 2);
  });

  it('stops after maxPasses when fixes keep undoing each other', () => {
    let flip = false;
    const flipFlop = (text: string): Finding[] => {
      flip = !flip;
      const finding: Finding = { code: 'FLIP', source: 'stevedore', severity: 'style', message: '', range: range(0, 0, 1), docUrl: '', fix: replace('flip', range(0, 0, 1), flip ? 'a' : 'b') };
      return text.length > 0 ? [finding] : [];
    };
    const run = fixUntilStable('x', flipFlop, 4);
    assert.equal(run.passes, 4);
  });
});

describe('dockerfile fixes: minimalEdit', () => {
  it('replaces only the part that differs', () => {
    const edit = minimalEdit('FROM a\nADD x /x\nCMD y\n', 'FROM a\nCOPY x /x\nCMD y\n');
    assert.deepEqual(edit, { range: range(1, 0, 3), newText: 'COPY' });
    assert.equal(minimalEdit('same', 'same'), undefined);
  });
});

describe('dockerfile fixes: ignore pragmas', () => {
  const apply = (text: string, fix: Fix): string => applyFixes(text, [fix]).text;

  it('writes `# hadolint ignore=CODE` above the instruction, with its indentation', () => {
    const text = 'FROM busybox\n  RUN apt-get update && \\\n      apt-get install -y curl\n';
    const fix = ignoreForLineFix(text, { code: 'DL3008', range: range(2, 6, 13) });
    assert.equal(apply(text, fix), 'FROM busybox\n  # hadolint ignore=DL3008\n  RUN apt-get update && \\\n      apt-get install -y curl\n');
    assert.equal(fix.title, 'Ignore DL3008 for this line');
  });

  it('merges into a pragma already above the instruction, without duplicating codes', () => {
    const text = 'FROM busybox\n# hadolint ignore=DL3008, DL3015\nRUN apt-get install curl\n';
    assert.equal(apply(text, ignoreForLineFix(text, { code: 'DL3009', range: range(2, 0, 3) })), 'FROM busybox\n# hadolint ignore=DL3008,DL3015,DL3009\nRUN apt-get install curl\n');
    assert.equal(apply(text, ignoreForLineFix(text, { code: 'DL3008', range: range(2, 0, 3) })), 'FROM busybox\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install curl\n');
  });

  it('writes `# hadolint global ignore=CODE` below the parser directives, or merges into an existing one', () => {
    const text = '# syntax=docker/dockerfile:1\n# escape=\\\nFROM busybox\n';
    assert.equal(apply(text, ignoreInFileFix(text, 'DL3006')), '# syntax=docker/dockerfile:1\n# escape=\\\n# hadolint global ignore=DL3006\nFROM busybox\n');
    const withGlobal = 'FROM busybox\n# hadolint global ignore=DL3007\nRUN x\n';
    assert.equal(apply(withGlobal, ignoreInFileFix(withGlobal, 'DL3006')), 'FROM busybox\n# hadolint global ignore=DL3007,DL3006\nRUN x\n');
    assert.equal(apply('FROM a', ignoreInFileFix('FROM a', 'DL3006')), '# hadolint global ignore=DL3006\nFROM a');
  });

  it('adds a BuildKit `# check=skip=` directive or extends the one there', () => {
    assert.equal(apply('FROM a\n', skipCheckFix('FROM a\n', 'StageNameCasing')), '# check=skip=StageNameCasing\nFROM a\n');
    const text = '# syntax=docker/dockerfile:1\n# check=error=true\nFROM a\n';
    assert.equal(apply(text, skipCheckFix(text, 'FromAsCasing')), '# syntax=docker/dockerfile:1\n# check=error=true;skip=FromAsCasing\nFROM a\n');
    const skipping = '# check=skip=A,B\nFROM a\n';
    assert.equal(apply(skipping, skipCheckFix(skipping, 'C')), '# check=skip=A,B,C\nFROM a\n');
  });
});
