// SDC1001: a key the Compose Specification does not define where it is written.
import type { ComposeRule } from './rule';
import { structureFindings } from './structureRule';

export const SDC1001: ComposeRule = {
  code: 'SDC1001',
  source: 'stevedore',
  severity: 'error',
  summary: 'Unknown key: the Compose Specification defines no such key here',
  explanation: [
    'Compose validates a file before it runs anything: a key the specification does not define where it',
    'is written (`imgae:` for `image:`, `memory:` directly under `deploy:`, `healthcheck:` at the top',
    'level) makes `docker compose up` refuse the whole file. The message suggests the nearest known key.',
    '',
    '```yaml',
    '# Bad',
    'services:',
    '  web:',
    '    imgae: nginx:1.27',
    '# Good',
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '```',
    '',
    'Keys starting with `x-` are extensions and allowed anywhere: put your own data there.',
  ].join('\n'),
  check: (context) => structureFindings(context, 'unknown-key'),
};
