import { composeSpec } from '../spec';

const none = (): null => null;
const present = (): string => '.git\n';

composeSpec('SDC3007', {
  flags: [
    { compose: 'services:\n  app:\n    build: ./app\n', dockerignore: none, line: 3, message: /builds from \.\/app, which has no \.dockerignore/ },
    { compose: 'services:\n  app:\n    build:\n      context: .\n      dockerfile: app.Dockerfile\n', dockerignore: none, line: 4 },
  ],
  passes: [
    { compose: 'services:\n  app:\n    build: ./app\n', dockerignore: present },
    // Unknown context (standard input): silent.
    'services:\n  app:\n    build: ./app\n',
    { compose: 'services:\n  app:\n    build: https://github.com/docker/example.git\n', dockerignore: none },
  ],
});
