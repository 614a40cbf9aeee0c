import { composeSpec } from '../spec';

const db = '  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n';
const cache = '  cache:\n    image: redis:7\n';

composeSpec('SDC2004', {
  flags: [
    {
      compose: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - db\n      - cache\n${db}${cache}`,
      line: 5, count: 1,
      fixed: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n${db}${cache}`,
    },
    {
      compose: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_started\n${db}`,
      line: 5,
      fixed: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n${db}`,
    },
    { compose: `services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n${db}`, fixed: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n${db}` },
  ],
  passes: [
    `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n${db}`,
    `services:\n  web:\n    image: nginx:1.27\n    depends_on: [cache]\n${cache}`,
    'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n    healthcheck:\n      disable: true\n',
  ],
});
