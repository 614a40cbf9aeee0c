// Bad compose input, through each door (parseComposeText, resolveComposeProject from disk, lintCompose):
// a clear diagnostic that says what is wrong and where, never a hang or an exception. Each case has a
// time bound far above what it takes (measured: well under a second each on a loaded 2-core machine).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintCompose, parseComposeText, resolveComposeProject } from '../../../src/compose';

const BILLION_LAUGHS = [
  'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'x-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'x-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'x-h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'x-i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  'services:',
  '  web:',
  '    image: busybox:1',
  '    command: *i',
  '',
].join('\n');

/** A merge-key bomb: each level merges the previous one twice over. */
const MERGE_BOMB = ['x-0: &l0 {a: 1, b: 2}', ...Array.from({ length: 40 }, (_, i) => `x-${i + 1}: &l${i + 1}\n  k${i}: [*l${i}, *l${i}]\n  <<: *l${i}`), 'services:\n  web:\n    <<: *l40\n'].join('\n');

interface Case {
  name: string;
  text: string;
  /** Codes parseComposeText must give (one of them). */
  parseCodes: string[];
  /** What lintCompose's SDC1000 message must say. */
  lintMessage: RegExp;
  /** Line (0-based) the parse diagnostic points at, when it points at one. */
  line?: number;
}

const CASES: Case[] = [
  { name: 'invalid YAML (an unclosed flow sequence)', text: 'services:\n  web:\n    image: busybox:1\n    ports: ["8080:80"\n', parseCodes: ['yaml-syntax'], lintMessage: /Not valid YAML/ },
  { name: 'invalid YAML (a bad indentation)', text: 'services:\n  web:\n    image: busybox:1\n   ports: []\n', parseCodes: ['yaml-syntax'], lintMessage: /Not valid YAML/ },
  { name: 'tabs indenting', text: 'services:\n  web:\n\timage: busybox:1\n', parseCodes: ['tab-indent', 'yaml-syntax'], lintMessage: /tab/i, line: 2 },
  { name: 'a duplicate key', text: 'services:\n  web:\n    image: busybox:1\n    image: busybox:2\n', parseCodes: ['duplicate-key'], lintMessage: /'image' is written twice/, line: 3 },
  { name: 'a duplicate service', text: 'services:\n  web:\n    image: busybox:1\n  web:\n    image: busybox:2\n', parseCodes: ['duplicate-key'], lintMessage: /'web' is written twice/, line: 3 },
  { name: 'billion laughs (9^9 values through aliases)', text: BILLION_LAUGHS, parseCodes: ['alias-limit'], lintMessage: /alias bomb/ },
  { name: 'a merge-key bomb', text: MERGE_BOMB, parseCodes: ['alias-limit'], lintMessage: /alias bomb|aliases/ },
  { name: 'an alias to no anchor', text: 'services:\n  web:\n    image: *nope\n', parseCodes: ['yaml-syntax', 'alias-limit'], lintMessage: /anchor|alias/i },
  { name: 'a list, not a mapping', text: '- services\n- web\n', parseCodes: ['not-a-mapping'], lintMessage: /mapping/ },
  { name: 'brackets nested 100,000 deep', text: `services: ${'['.repeat(100_000)}`, parseCodes: ['too-deep', 'yaml-syntax'], lintMessage: /nests|YAML/ },
  { name: 'a 10 MB file', text: `services:\n${'  # padding padding padding padding padding padding padding padding padding\n'.repeat(140_000)}  web:\n    image: busybox:1\n`, parseCodes: ['too-large'], lintMessage: /too large/ },
];

function timed<T>(bound: number, what: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  const took = performance.now() - started;
  assert.ok(took < bound, `${what} took ${took.toFixed(0)} ms (bound ${bound} ms)`);
  return result;
}

describe('compose engine: bad input gives a clear diagnostic, never a hang or an exception', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'stevedore-compose-bad-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the 10 MB case is at least 10 MB', () => {
    assert.ok(CASES.find((c) => c.name.includes('10 MB'))!.text.length >= 10 * 1024 * 1024);
  });

  for (const bad of CASES) {
    it(`${bad.name}: parse, resolve and lint each say so`, function () {
      this.timeout(30_000);
      const doc = timed(5000, 'parseComposeText', () => parseComposeText(bad.text, join(dir, 'compose.yaml')));
      const found = doc.diagnostics.filter((d) => bad.parseCodes.includes(d.code));
      assert.ok(found.length > 0, `expected ${bad.parseCodes.join('|')}, got ${JSON.stringify(doc.diagnostics.map((d) => [d.code, d.message]))}`);
      assert.ok(found.every((d) => d.severity === 'error' && d.message.length > 10 && d.file === join(dir, 'compose.yaml')));
      if (bad.line !== undefined) assert.equal(found[0].span?.range.start.line, bad.line, 'points at the line');

      writeFileSync(join(dir, 'compose.yaml'), bad.text);
      const model = timed(5000, 'resolveComposeProject', () => resolveComposeProject({ workingDir: dir, env: {} }));
      const resolved = model.diagnostics.filter((d) => d.severity === 'error');
      assert.ok(resolved.length > 0, 'resolution reports an error');
      assert.ok(resolved.every((d) => !/internal|TypeError|undefined/.test(d.message)), JSON.stringify(resolved));

      const result = timed(5000, 'lintCompose', () => lintCompose(bad.text));
      const sdc1000 = result.findings.filter((f) => f.code === 'SDC1000');
      assert.ok(sdc1000.some((f) => bad.lintMessage.test(f.message)), JSON.stringify(result.findings.map((f) => [f.code, f.message])));
      assert.ok(result.findings.every((f) => !f.message.includes('internal error')));
      assert.equal(result.ruleErrors, undefined);
    });
  }
});
