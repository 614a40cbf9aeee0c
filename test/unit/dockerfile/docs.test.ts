// Every rule links to a page in docs/rules/, and every page there belongs to a rule and agrees with it.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, docUrl } from '../../../src/dockerfile';

const docsDir = join(__dirname, '..', '..', '..', 'docs', 'rules');
const severityWord = { error: 'error', warning: 'warning', info: 'info', style: 'style' } as const;

describe('rule documentation pages', () => {
  it('each rule has docs/rules/CODE.md headed by its code, with its severity', () => {
    const problems: string[] = [];
    for (const rule of allRules) {
      const file = join(docsDir, `${rule.code}.md`);
      if (!existsSync(file)) {
        problems.push(`${rule.code}: no page`);
        continue;
      }
      const page = readFileSync(file, 'utf8');
      if (!page.startsWith(`# ${rule.code}`)) problems.push(`${rule.code}: page does not start with "# ${rule.code}"`);
      if (!page.includes(`**Severity:** ${severityWord[rule.severity]}`)) problems.push(`${rule.code}: page does not say severity ${rule.severity}`);
    }
    assert.deepEqual(problems, []);
  });

  it('every page in docs/rules/ is a rule (or the index), and the index lists every rule', () => {
    const codes = new Set(allRules.map((rule) => rule.code));
    const pages = readdirSync(docsDir).filter((name) => name.endsWith('.md') && name !== 'README.md');
    assert.deepEqual(pages.filter((name) => !codes.has(name.replace(/\.md$/, ''))), []);
    const index = readFileSync(join(docsDir, 'README.md'), 'utf8');
    assert.deepEqual([...codes].filter((code) => !index.includes(code)), []);
  });

  it('links each finding to its page in the repository', () => {
    assert.match(docUrl('DL3008'), /^https:\/\/\S+\/blob\/main\/docs\/rules\/DL3008\.md$/);
  });
});
