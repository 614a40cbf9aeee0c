import { composeSpec } from '../spec';

composeSpec('SDC3003', {
  flags: [
    { compose: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n', line: 5, message: /POSTGRES_PASSWORD in plain text/ },
    { compose: 'services:\n  app:\n    image: app:1\n    environment:\n      - STRIPE_API_KEY=sk_live_123\n      - GITHUB_TOKEN=ghp_x\n', count: 2 },
  ],
  passes: [
    'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_USER: app\n      PASSWORD_MIN_LENGTH: 8\n',
    'services:\n  app:\n    image: app:1\n    environment:\n      - API_KEY\n      - SECRET=\n      - AUTH_TOKEN=changeme\n',
  ],
});
