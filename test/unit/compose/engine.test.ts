// lintCompose as a whole: pragmas, settings, and bad input that must give a finding, never a throw.
import assert from 'node:assert/strict';
import { lintCompose } from '../../../src/compose';

const codes = (text: string, options = {}): string[] => lintCompose(text, options).findings.map((f) => f.code);

describe('lintCompose', () => {
  const file = 'services:\n  db:\n    image: postgres\n';
  it('reports under each rule code, and settings ignore codes and change severities', () => {
    assert.ok(codes(file).includes('SDC2001'));
    assert.ok(!codes(file, { config: { ignored: ['SDC2001'] } }).includes('SDC2001'));
    const found = lintCompose(file, { config: { overrides: { error: ['SDC2001'] } } }).findings.find((f) => f.code === 'SDC2001');
    assert.equal(found?.severity, 'error');
  });
  it('# stevedore ignore= silences the next line, at the end of a line that line, global ignore the file', () => {
    assert.ok(!codes('services:\n  db:\n    # stevedore ignore=SDC2001\n    image: postgres\n').includes('SDC2001'));
    assert.ok(!codes('services:\n  db:\n    image: postgres # stevedore ignore=SDC2001\n').includes('SDC2001'));
    assert.ok(!codes('# stevedore global ignore=SDC2001,SDC2006\nservices:\n  db:\n    image: postgres\n').some((c) => c === 'SDC2001' || c === 'SDC2006'));
    assert.ok(codes('# stevedore ignore=SDC2006\nservices:\n  db:\n    image: postgres\n').includes('SDC2001'));
  });
  it('never throws on bad input, and answers in bounded time', () => {
    const inputs = [
      '\t\tservices:\n', ':', '{', '[[[', '&a [*a]', '*a', 'services:\n  web:\n    <<: *nope\n', '---\na: 1\n---\nb: 2\n',
      'services: !!binary AAAA', 'services:\n  web:\n    <<: [*a, *b]\n', '\u0000\u0001', 'a'.repeat(10 * 1024 * 1024),
      `services:\n${Array.from({ length: 3000 }, (_, i) => `  s${i}: {image: "x:1", ports: ["${8000 + (i % 50)}:80"]}`).join('\n')}\n`,
      'services:\n  web:\n    image: nginx\n    image: nginx\n'.repeat(200),
    ];
    for (const input of inputs) {
      const started = Date.now();
      const result = lintCompose(input);
      assert.ok(Array.isArray(result.findings));
      assert.deepEqual(result.ruleErrors ?? [], [], JSON.stringify(input.slice(0, 40)));
      assert.ok(!result.findings.some((f) => f.message.includes('internal error')), JSON.stringify(input.slice(0, 40)));
      assert.ok(Date.now() - started < 5000, `bounded: ${JSON.stringify(input.slice(0, 40))}`);
    }
  });
});
