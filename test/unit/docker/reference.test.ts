// Docker's image reference grammar (distribution/reference), on the cases of its own test suite, the
// engine's ID forms, and the names that used to escape the API path.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { imageReferenceProblem } from '../../../src/docker/reference';

const HEX64 = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff';

describe('image references: Docker\'s grammar', () => {
  it('accepts names, tags, digests, registries with ports, IP hosts and image IDs', () => {
    for (const valid of [
      'busybox',
      'test_com',
      'test.com:tag',
      'test.com:5000',
      'test.com/repo:tag',
      'test:5000/repo',
      'test:5000/repo:tag',
      `test:5000/repo@sha256:${HEX64}`,
      `test:5000/repo:tag@sha256:${HEX64}`,
      'lowercase:Uppercase',
      'sub-dom1.foo.com/bar/baz/quux',
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      'foo_bar.com:8080',
      'foo/foo_bar.com:8080',
      'foo/foo__bar/a--b',
      '192.168.1.1',
      '192.168.1.1:5000/repo',
      '[2001:db8::1]/repo',
      '[2001:db8::1]:5000/repo:tag',
      'xn--n3h.com/myimage',
      'Docker.IO/library/ubuntu',
      `${'a/'.repeat(127)}a`,
      HEX64,
      `sha256:${HEX64}`,
      '4d2f',
      'sha256:4d2f',
    ]) {
      assert.equal(imageReferenceProblem(valid), undefined, valid);
    }
  });

  it('refuses what Docker refuses, in its words', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /must have at least one component/],
      [':justtag', /^invalid reference format$/],
      [`@sha256:${HEX64}`, /^invalid reference format$/],
      ['Uppercase:tag', /must be lowercase/],
      ['test:5000/Uppercase/lowercase:tag', /must be lowercase/],
      ['aa/asdf$$^/aa', /^invalid reference format$/],
      [`${'a/'.repeat(128)}a`, /not be more than 255 characters/],
      ['[fe80::1%eth0]:5000/repo', /^invalid reference format$/],
      ['-foo', /^invalid reference format$/],
      ['foo-', /^invalid reference format$/],
      ['foo:', /^invalid reference format$/],
      ['foo@', /^invalid reference format$/],
      ['a//b', /^invalid reference format$/],
      [`repo@sha256:${'f'.repeat(31)}`, /^invalid reference format$/],
      [`repo:${'t'.repeat(129)}`, /^invalid reference format$/],
    ];
    for (const [text, message] of cases) assert.match(imageReferenceProblem(text) ?? 'accepted', message, JSON.stringify(text));
  });

  it('refuses the names that escaped the API path (issue 9)', () => {
    for (const text of ['a/../b', 'x/../../v1.41/containers/json', 'busybox?all=1', '?', 'a b', 'a#b', 'a\nb', '../busybox', 'busybox/']) {
      assert.ok(imageReferenceProblem(text), `${JSON.stringify(text)} must be refused`);
    }
  });

  it('answers in bounded time on any input (the grammar runs on a backtracking matcher)', () => {
    const alphabet = fc.constantFrom(...'aA0-_.:/@[]'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 1200 }).map((chars) => chars.join('')), (text) => {
        const started = performance.now();
        imageReferenceProblem(text);
        assert.ok(performance.now() - started < 50, `${text.length} characters took too long`);
      }),
      { numRuns: 300 },
    );
    for (const hostile of ['a'.repeat(1000) + '!', `${'a-'.repeat(500)}!`, `${'a.'.repeat(500)}/!`, `${'a__'.repeat(340)}_`]) {
      const started = performance.now();
      imageReferenceProblem(hostile);
      assert.ok(performance.now() - started < 50, `${hostile.slice(0, 10)}… took ${(performance.now() - started).toFixed(0)} ms`);
    }
  });
});
