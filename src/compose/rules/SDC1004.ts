// SDC1004: a byte size Compose cannot read (memory limits, shm_size, ...).
import type { ComposeRule } from './rule';
import { structureFindings } from './structureRule';

export const SDC1004: ComposeRule = {
  code: 'SDC1004',
  source: 'stevedore',
  severity: 'error',
  summary: 'Invalid size: write it like 512m, 1g or 64MiB',
  explanation: [
    'Sizes (`deploy.resources.limits.memory`, `mem_limit`, `mem_reservation`, `shm_size`, ...) are a',
    'number of bytes or a number with a unit `b`, `k`, `m`, `g` (`kb`, `mb`, `gb`, `MiB`, ... also read):',
    '`512m`, `1g`, `64MiB`. `512 MB RAM` or `1,5g` are refused.',
    '',
    '```yaml',
    '# Bad',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          memory: 1.5 gigs',
    '# Good',
    '          memory: 1536m',
    '```',
  ].join('\n'),
  check: (context) => structureFindings(context, 'size'),
};
