import { ruleSpec } from '../spec';

ruleSpec('DL3064', {
  flags: [
    { dockerfile: 'FROM debian:12\nARG GITHUB_TOKEN\n', line: 2, noFix: true },
    'ARG aws_access_key_id\nFROM debian:12\n',
    'FROM debian:12\nENV my_password=hunter2\n',
    'FROM debian:12\nENV A=1 DB_PRIVATE_URL=x\n',
    { dockerfile: 'FROM debian:12\nARG openai_api_key\nENV NPM_TOKEN=x\n', count: 2 },
  ],
  passes: [
    'FROM debian:12\nARG VERSION=1.2\nENV PATH=/opt/bin:$PATH\n',
    'FROM debian:12\nENV KEYBOARD=us\n',
    'FROM debian:12\nRUN echo $GITHUB_TOKEN\n',
  ],
});
