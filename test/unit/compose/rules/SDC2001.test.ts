import { composeSpec } from '../spec';

composeSpec('SDC2001', {
  flags: [
    { compose: 'services:\n  db:\n    image: postgres\n', line: 3, message: /without a tag/ },
    { compose: 'services:\n  db:\n    image: postgres:latest\n', line: 3, message: /latest moves/ },
    { compose: 'services:\n  app:\n    image: localhost:5000/team/app\n', line: 3 },
  ],
  passes: [
    'services:\n  db:\n    image: postgres:16.4\n',
    'services:\n  db:\n    image: postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    'services:\n  app:\n    build: .\n    image: myapp\n',
    'services:\n  app:\n    image: localhost:5000/team/app:1.2\n',
    'services:\n  app:\n    image: ${IMAGE}\n',
  ],
});
