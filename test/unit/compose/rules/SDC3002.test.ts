import { composeSpec } from '../spec';

composeSpec('SDC3002', {
  flags: [
    { compose: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n', line: 5, message: /PostgreSQL \(port 5432\) on all interfaces/, fixed: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n' },
    { compose: 'services:\n  db:\n    image: redis:7\n    ports:\n      - 6379:6379\n', fixed: 'services:\n  db:\n    image: redis:7\n    ports:\n      - "127.0.0.1:6379:6379"\n' },
    { compose: "services:\n  db:\n    image: mysql:8\n    ports: ['3306']\n", fixed: "services:\n  db:\n    image: mysql:8\n    ports: ['127.0.0.1::3306']\n" },
    { compose: 'services:\n  db:\n    image: mongo:7\n    ports:\n      - target: 27017\n        published: 27017\n', fixed: 'services:\n  db:\n    image: mongo:7\n    ports:\n      - target: 27017\n        published: 27017\n        host_ip: 127.0.0.1\n' },
    { compose: 'services:\n  db:\n    image: postgres:16\n    ports: ["0.0.0.0:5432:5432"]\n', noFix: true },
  ],
  passes: [
    'services:\n  db:\n    image: postgres:16\n    ports: ["127.0.0.1:5432:5432"]\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
    'services:\n  db:\n    image: postgres:16\n    expose: ["5432"]\n',
  ],
});
