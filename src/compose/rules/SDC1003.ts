// SDC1003: a duration Compose cannot read (healthcheck interval, stop_grace_period, ...).
import type { ComposeRule } from './rule';
import { structureFindings } from './structureRule';

export const SDC1003: ComposeRule = {
  code: 'SDC1003',
  source: 'stevedore',
  severity: 'error',
  summary: 'Invalid duration: write it like 30s, 1m30s or 500ms',
  explanation: [
    'Durations (`healthcheck.interval`, `timeout`, `start_period`, `stop_grace_period`,',
    '`deploy.restart_policy.delay`, ...) are strings of numbers with units `us`, `ms`, `s`, `m`, `h`,',
    'which may be combined: `1m30s`, `2.5s`, `500ms`. A bare number, `30 seconds` or `1min` is refused.',
    '',
    '```yaml',
    '# Bad',
    '    healthcheck:',
    '      test: ["CMD", "true"]',
    '      interval: 30',
    '# Good',
    '    healthcheck:',
    '      test: ["CMD", "true"]',
    '      interval: 30s',
    '```',
  ].join('\n'),
  check: (context) => structureFindings(context, 'duration'),
};
