// Every rule links to a page in docs/rules/, and every page there belongs to a rule and agrees with it.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRules, docUrl } from '../../../src/dockerfile';
import { composeRules } from '../../../src/compose';
import { describeDrift, generatedPages, pagesDrift, writePages } from '../../../scripts/docs';

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
    const codes = new Set([...allRules, ...composeRules].map((rule) => rule.code));
    const pages = readdirSync(docsDir).filter((name) => name.endsWith('.md') && name !== 'README.md');
    assert.deepEqual(pages.filter((name) => !codes.has(name.replace(/\.md$/, ''))), []);
    const index = readFileSync(join(docsDir, 'README.md'), 'utf8');
    assert.deepEqual([...codes].filter((code) => !index.includes(code)), []);
  });

  it('each page is what `npm run docs` generates from its rule (the hover text), so none drifts', () => {
    assert.equal(describeDrift(pagesDrift(docsDir)), '');
  });

  it('`npm run docs -- --check` names a drifted, a missing and a stray page, and writing repairs them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-docs-'));
    try {
      const pages = generatedPages();
      writePages(dir, pages);
      assert.equal(describeDrift(pagesDrift(dir, pages)), '');
      writeFileSync(join(dir, 'DL3008.md'), `${pages.get('DL3008.md')}\nA hand edit.\n`);
      rmSync(join(dir, 'SD1001.md'));
      writeFileSync(join(dir, 'DL9999.md'), '# DL9999: a retired rule\n');
      const drift = pagesDrift(dir, pages);
      assert.deepEqual(drift, { changed: ['DL3008.md'], missing: ['SD1001.md'], extra: ['DL9999.md'] });
      assert.match(describeDrift(drift), /DL3008\.md[\s\S]*SD1001\.md[\s\S]*DL9999\.md[\s\S]*npm run docs/);
      writePages(dir, pages);
      assert.deepEqual(pagesDrift(dir, pages), { changed: [], missing: [], extra: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a page carries its rule\'s summary and explanation word for word', () => {
    const rule = allRules.find((candidate) => candidate.code === 'DL3009');
    assert.ok(rule);
    const page = readFileSync(join(docsDir, 'DL3009.md'), 'utf8');
    assert.ok(page.startsWith(`# DL3009: ${rule.summary}\n`));
    assert.ok(page.includes(rule.explanation.trim()), 'the explanation, as on hover');
  });

  it('links each finding to its page in the repository', () => {
    assert.match(docUrl('DL3008'), /^https:\/\/\S+\/blob\/main\/docs\/rules\/DL3008\.md$/);
  });
});
