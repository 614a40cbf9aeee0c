// Every snippet file the extension contributes: VS Code reads `$name` and `${name}` as a snippet
// variable, and warns when the name is none of its own ("very likely confuse snippet-variables and
// snippet-placeholders"). A shell or template `$` in a body must be written `\$`.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const contributed = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { path: string }[] } }).contributes.snippets;

describe('snippets: no unescaped $ that VS Code would read as a variable', () => {
  it('the package contributes the snippet files', () => {
    assert.ok(contributed.length >= 3, JSON.stringify(contributed));
  });
  for (const { path } of contributed) {
    it(path, () => {
      const snippets = JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, { body: string[] | string }>;
      for (const [name, snippet] of Object.entries(snippets)) {
        const body = ([] as string[]).concat(snippet.body).join('\n');
        // Skip escaped characters, then any $ followed by a name (bare or in braces) is a variable.
        const variables = [...body.replace(/\\./g, '').matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
        assert.deepEqual(variables, [], `${path} "${name}"`);
      }
    });
  }
});
