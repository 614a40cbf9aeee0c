import { ruleSpec } from '../spec';

// Ported from hadolint's DL3046Spec.hs, plus the range and the fix.
ruleSpec('DL3046', {
  flags: [
    { dockerfile: 'FROM debian:12\nRUN ["useradd", "-u", "123456", "app"]\n', fixed: 'FROM debian:12\nRUN ["useradd", "-l", "-u", "123456", "app"]\n' },
    {
      dockerfile: 'FROM debian:12\nRUN useradd -u 123456 luser\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 27 } },
      fixed: 'FROM debian:12\nRUN useradd -l -u 123456 luser\n',
    },
    { dockerfile: 'FROM debian:12\nRUN groupadd -g 123456 app && useradd -m -u 123456 -g app app\n', fixed: 'FROM debian:12\nRUN groupadd -g 123456 app && useradd -l -m -u 123456 -g app app\n' },
  ],
  passes: [
    'FROM debian:12\nRUN useradd luser\n',
    'FROM debian:12\nRUN useradd -u 12345 luser\n',
    'FROM debian:12\nRUN useradd -l -u 123456 luser\n',
    'FROM debian:12\nRUN useradd --no-log-init -u 123456 luser\n',
    'FROM debian:12\nRUN useradd -l luser\n',
  ],
});
