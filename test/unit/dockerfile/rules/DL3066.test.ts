import { ruleSpec } from '../spec';

ruleSpec('DL3066', {
  flags: [
    { dockerfile: 'FROM debian:12\nUSER app\n', line: 2, noFix: true },
    'FROM debian:12\nUSER app:app\n',
    'FROM debian:12\nUSER 1000:staff\nUSER root\n',
  ],
  passes: [
    'FROM debian:12\nUSER 10001\n',
    'FROM debian:12\nUSER 10001:10001\n',
    'ARG APP_UID=10001\nFROM debian:12\nUSER ${APP_UID}\n',
    'FROM debian:12\nARG APP_UID=10001\nUSER $APP_UID:$APP_UID\n',
  ],
});
