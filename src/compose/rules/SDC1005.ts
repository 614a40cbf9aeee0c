// SDC1005: the top-level `version:` is obsolete; Compose ignores it and warns.
import type { ComposeRule } from './rule';
import { deletePair, keyRange, pairIn, scalarText } from './kit';

export const SDC1005: ComposeRule = {
  code: 'SDC1005',
  source: 'stevedore',
  severity: 'warning',
  summary: 'The top-level `version:` is obsolete: Compose ignores it; remove it',
  explanation: [
    'Since the Compose Specification, the file format has no version: Compose reads every file the same',
    'way, ignores `version:` and warns that it is obsolete. Keeping it suggests that `version: "2"`',
    'or `"3.8"` changes what keys mean, which it no longer does.',
    '',
    '```yaml',
    '# Bad',
    'version: "3.8"',
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '# Good',
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '```',
    '',
    'Quick fix: delete the line.',
  ].join('\n'),
  check(context) {
    const pair = pairIn(context.document, context.root, 'version');
    if (!pair) return [];
    const edit = deletePair(context, pair);
    return [{
      range: keyRange(context, pair),
      message: `\`version: ${scalarText(pair.value) ?? ''}\` is obsolete: Compose ignores it and warns. Remove the line.`,
      fix: edit ? { title: 'Remove the obsolete version line', edits: [edit] } : undefined,
    }];
  },
};
