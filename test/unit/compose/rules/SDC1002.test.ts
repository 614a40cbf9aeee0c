import { composeSpec } from '../spec';

composeSpec('SDC1002', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    ports: "8080:80"\n', line: 4, message: /services\.web\.ports must be a list/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    privileged: "yes please"\n', line: 4 },
    { compose: 'services:\n  - web\n', line: 2, message: /services must be a mapping/ },
    { compose: 'services:\n  web:\n    image: [nginx]\n', line: 3 },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    environment:\n      - A=1\n    command: echo hi\n',
    'services:\n  web:\n    build: .\n    environment:\n      A: 1\n    command: ["echo", "hi"]\n    privileged: false\n',
    'services:\n  web:\n    image: nginx:1.27\n    cpus: ${CPUS:-0.5}\n    depends_on: [db]\n  db:\n    image: postgres:16\n',
  ],
});
