// SDC1002: a value of the wrong type for its key (a string where a list is required, ...).
import type { ComposeRule } from './rule';
import { structureFindings } from './structureRule';

export const SDC1002: ComposeRule = {
  code: 'SDC1002',
  source: 'stevedore',
  severity: 'error',
  summary: 'Wrong type: this key takes another kind of value (a list, a mapping, true/false, a number)',
  explanation: [
    'Each Compose key takes one kind of value: `ports` a list, `environment` a list or a mapping,',
    '`privileged` true or false, `services` a mapping of services. Compose refuses a file where a',
    'value has the wrong type. Values written with `${VAR}` are checked by Compose after interpolation,',
    'not here.',
    '',
    '```yaml',
    '# Bad',
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports: "8080:80"',
    '# Good',
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports:',
    '      - "8080:80"',
    '```',
  ].join('\n'),
  check: (context) => structureFindings(context, 'type'),
};
