// The fast path for plain command lists must answer exactly as mvdan-sh does, or step aside.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSimpleScript } from '../../../src/dockerfile/simpleShell';
import { parseWithMvdan } from '../../../src/dockerfile/shell';

const REAL_SCRIPTS = [
  'apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 ca-certificates && rm -rf /var/lib/apt/lists/*',
  'pip install --no-cache-dir -r requirements.txt',
  'set -eux; wget -O go.tgz "https://golang.org/dl/go${GOLANG_VERSION}.linux-amd64.tar.gz"; echo "$SHA *go.tgz" | sha256sum -c -; tar -C /usr/local -xzf go.tgz; rm go.tgz',
  'npm ci --omit=dev && npm cache clean --force',
  'groupadd -r app && useradd -r -g app -d /app app 2>/dev/null && chown -R app:app /app',
  'echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/backports.list',
  "find /usr/local -depth \\( -type d -a -name test \\) -exec rm -rf '{}' + ;",
  'apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install x \\\n && apk del .build-deps',
  'DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata # timezone data',
  'curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs',
  'ls -la > /tmp/list 2>&1 || true',
];

/** Scripts built from the pieces real RUN lines use, simple and not. */
const word = fc.oneof(
  fc.constantFrom('apt-get', 'install', '-y', '--no-cache', 'curl=7.88', 'a=b', 'A=1', '/var/lib/apt/lists/*', '{}', '.', '-', '--', 'x#y', '!', 'if', 'export', '[', ']', '~/.cache', 'é', '✓'),
  fc.constantFrom('"a b"', "'c d'", '"$HOME"', '"${X}"', '$X', '${Y}', '$1', '$@', '"a\\"b"', "a\\ b", '"\\x"', '$', '"$"', '"a$"', '${X:-d}', '$(ls)', '`ls`', '"$(pwd)"', "$'x'", '*.json', 'a{b,c}'),
  fc.stringMatching(/^[a-z0-9._\/=-]{1,8}$/),
);
const operator = fc.constantFrom(' && ', ' || ', '; ', ' | ', '\n', ' |& ', ' & ', ' ;; ', '\n\n', ' && \n ', ' > f ', ' 2>&1 ', ' < in ', ' >> log ', ' # note\n', ' << EOF ', ' ( ', ' ) ');
const script = fc
  .array(fc.tuple(fc.array(word, { minLength: 0, maxLength: 5 }), operator), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([words, op]) => words.join(' ') + op).join(''));

/** Only the pieces the fast path models, so nearly every script takes it. */
const plainWord = fc.oneof(
  fc.constantFrom('apt-get', 'install', '-y', 'curl=7.88', 'A=1', '/var/lib/apt/lists/*', '{}', '.', '--', 'x#y', '[', '"a b"', "'c d'", '"$HOME"', '${Y}', '$X', '"a\\"b"', 'a\\ b', '$', 'é'),
  fc.stringMatching(/^[a-z0-9._\/=-]{1,8}$/),
);
const plainOperator = fc.constantFrom(' && ', ' || ', '; ', ' | ', '\n', ' |& ', ' > f ', ' 2>&1 ', ' # note\n', ' && \n ');
const plainScript = fc
  .array(fc.tuple(fc.array(plainWord, { minLength: 1, maxLength: 5 }), plainOperator), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([words, op]) => words.join(' ') + op).join('') + 'true');

function sameAsMvdan(text: string): void {
  const fast = parseSimpleScript(text);
  if (fast === undefined) return;
  const full = parseWithMvdan(text);
  assert.ok(full.ok, `the fast path accepted what mvdan-sh rejects: ${JSON.stringify(text)}`);
  assert.deepEqual(fast, full, `differs from mvdan-sh on ${JSON.stringify(text)}`);
}

describe('dockerfile shell fast path', () => {
  it('reads real RUN scripts exactly as mvdan-sh does', () => {
    for (const text of REAL_SCRIPTS.filter((t) => !t.includes('\\\n'))) {
      assert.ok(parseSimpleScript(text), `takes the fast path: ${text}`);
      sameAsMvdan(text);
    }
  });

  it('agrees with mvdan-sh on generated scripts, or declines them', () => {
    fc.assert(fc.property(script, (text) => sameAsMvdan(text)), { numRuns: 2000 });
  });

  it('agrees with mvdan-sh on generated plain command lists, taking the fast path for most', () => {
    let taken = 0;
    fc.assert(
      fc.property(plainScript, (text) => {
        if (parseSimpleScript(text)) taken++;
        sameAsMvdan(text);
      }),
      { numRuns: 1000 },
    );
    assert.ok(taken > 700, `fast path taken ${taken} times in 1000`);
  });

  it('declines what it does not model', () => {
    for (const text of ['(cd /x && make)', 'echo $(date)', 'echo `date`', 'if true; then x; fi', 'export A=1', 'cat <<EOF\nx\nEOF', 'a &', 'a=(1 2)', 'echo ${X:-y}', 'echo "unterminated', 'a &&', 'a\r\nb']) {
      assert.equal(parseSimpleScript(text), undefined, text);
    }
  });

  it('takes the fast path for most real scripts, and is faster', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `${REAL_SCRIPTS[i % 4]} && echo ${i}`);
    let started = performance.now();
    for (const text of texts) parseWithMvdan(text);
    const slow = performance.now() - started;
    started = performance.now();
    for (const text of texts) assert.ok(parseSimpleScript(text));
    const fast = performance.now() - started;
    assert.ok(fast < slow, `fast path ${fast.toFixed(1)} ms vs mvdan-sh ${slow.toFixed(1)} ms`);
  });
});
