import { composeSpec } from '../spec';

composeSpec('SDC2005', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n', line: 4, message: /'db', which has no health check/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_started\n  db:\n    image: postgres:16\n', line: 5 },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n',
    'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n  migrate:\n    image: app:1\n',
    'services:\n  web:\n    image: nginx:1.27\n    depends_on: [elsewhere]\n',
  ],
});
