import { composeSpec } from '../spec';

composeSpec('SDC3001', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  admin:\n    image: app:1\n    ports:\n      - "8080:3000"\n', line: 8, message: /already published by service 'web'/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8000-8010:80"\n      - target: 81\n        published: 8005\n', line: 6 },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:9000:80", "9000:81"]\n' },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80", "192.168.1.5:8080:80", "8080:80/udp", "80"]\n  b:\n    image: nginx:1.27\n    ports: ["80"]\n',
  ],
});
