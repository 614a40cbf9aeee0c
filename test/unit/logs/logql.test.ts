// LogQL line filters parsed with Loki's grammar and string rules (pkg/logql/syntax: syntax.y's
// lineFilters/orFilter, lex.go's Go-scanner strings), and refused clearly where they mean nothing here.
import * as assert from 'node:assert/strict';
import { compileRE2, parseLogQL } from '../../../src/logs/logql';

function filters(query: string) {
  const parsed = parseLogQL(query);
  if (!parsed.ok) assert.fail(`${query}: ${parsed.error}`);
  return parsed.filters;
}

function error(query: string): string {
  const parsed = parseLogQL(query);
  if (parsed.ok) assert.fail(`${query} parsed: ${JSON.stringify(parsed.filters)}`);
  return parsed.error;
}

describe('logs: LogQL line filters', () => {
  it('parses the four operators, chained', () => {
    assert.deepEqual(filters('|= "error" != "timeout" |~ "5\\\\d\\\\d" !~ `health(z|check)`'), [
      { op: '|=', values: ['error'] },
      { op: '!=', values: ['timeout'] },
      { op: '|~', values: ['5\\d\\d'] },
      { op: '!~', values: ['health(z|check)'] },
    ]);
  });

  it('needs no spaces and accepts newlines and # comments between filters, like Loki\'s lexer', () => {
    assert.deepEqual(filters('|="a"!="b"'), [{ op: '|=', values: ['a'] }, { op: '!=', values: ['b'] }]);
    assert.deepEqual(filters('|= "a" # the first\n  != "b"'), [{ op: '|=', values: ['a'] }, { op: '!=', values: ['b'] }]);
    assert.deepEqual(filters(''), []);
    assert.deepEqual(filters('   # only a comment'), []);
  });

  it('reads `or` alternatives (Loki 2.9+)', () => {
    assert.deepEqual(filters('|= "timeout" or "refused" or `reset`'), [{ op: '|=', values: ['timeout', 'refused', 'reset'] }]);
    assert.deepEqual(filters('!= "a" OR "b" |= "c"'), [{ op: '!=', values: ['a', 'b'] }, { op: '|=', values: ['c'] }]);
  });

  it('decodes Go double-quoted escapes: \\n \\t \\" \\\\ octal, \\x, \\u, \\U', () => {
    assert.deepEqual(filters('|= "a\\tb\\n\\"q\\"\\\\"')[0].values, ['a\tb\n"q"\\']);
    assert.deepEqual(filters('|= "\\101\\x42\\u00e9\\U0001F600"')[0].values, ['ABé😀']);
    assert.deepEqual(filters('|= "\\xc3\\xa9"')[0].values, ['é'], '\\x escapes are bytes of UTF-8');
    assert.deepEqual(filters('|= "\\a\\b\\f\\r\\v"')[0].values, ['\x07\b\f\r\v']);
  });

  it('keeps backtick strings raw: no escapes, newlines allowed', () => {
    assert.deepEqual(filters('|~ `\\d+\\.\\d+`')[0].values, ['\\d+\\.\\d+']);
    assert.deepEqual(filters('|= `a\nb`')[0].values, ['a\nb']);
  });

  it('refuses what Loki refuses, saying where', () => {
    assert.match(error('|= "\\q"'), /unknown escape \\q.*character 5/);
    assert.match(error("|= 'single'"), /single quotes are not strings/);
    assert.match(error('|= "open'), /not terminated/);
    assert.match(error('|= "a\nb"'), /not terminated/);
    assert.match(error('|= `open'), /raw string not terminated/);
    assert.match(error('|= "\\u12"'), /takes 4 hex digits/);
    assert.match(error('|= "\\ud800"'), /invalid Unicode escape/);
    assert.match(error('|= "\\400"'), /octal/);
    assert.match(error('|='), /string is missing/);
    assert.match(error('|= error'), /expected a string/);
    assert.match(error('|~ "(unclosed"'), /invalid regular expression/);
  });

  it('refuses selectors, parsers and pattern filters with a message that says what to use instead', () => {
    assert.match(error('{app="api"} |= "x"'), /stream selector.*service filter/);
    assert.match(error('|= "x" | json'), /only line filters/);
    assert.match(error('|> "<_> error <_>"'), /pattern filters/);
    assert.match(error('|= ip("10.0.0.1")'), /ip\(\) line filters/);
    assert.match(error('= "x"'), /expected a line filter/);
  });

  it('translates RE2 flag groups and named groups to JavaScript', () => {
    assert.equal(compileRE2('(?i)error').flags, 'i');
    assert.ok(compileRE2('(?i)error').test('ERROR'));
    assert.ok(compileRE2('(?s)a.b').test('a\nb'));
    assert.equal(compileRE2('(?P<code>\\d+)').exec('x 42')!.groups!.code, '42');
    assert.throws(() => compileRE2('(?U)a+'), /no JavaScript equivalent/);
  });
});
