// SDC1000: the file is not YAML Compose can read (syntax, tabs, duplicate keys, aliases, size).
// Reported by the engine (src/compose/lint.ts) before any rule runs; the rule is here for its page.
import type { ComposeRule } from './rule';

export const SDC1000: ComposeRule = {
  code: 'SDC1000',
  source: 'stevedore',
  severity: 'error',
  summary: 'The compose file cannot be read as YAML',
  explanation: [
    'Compose reads nothing from a file that is not valid YAML: a tab used for indentation, a missing',
    'colon, an unclosed quote or bracket, a key written twice in one mapping, an alias to an anchor that',
    'does not exist, or more than one document. The message gives YAML\'s reason at the place it stopped.',
    'The other rules wait until the file parses.',
    '',
    'Files over 1 MiB are not linted (no compose file is that large), and aliases that would expand',
    'beyond a bound ("billion laughs") are reported rather than expanded.',
    '',
    '```yaml',
    '# Bad: a tab indents `image`',
    'services:',
    '  web:',
    '\timage: nginx:1.27',
    '```',
  ].join('\n'),
  check: () => [],
};
