import { composeSpec } from '../spec';

composeSpec('SDC1001', {
  flags: [
    { compose: 'services:\n  web:\n    imgae: nginx:1.27\n', line: 3, message: /Unknown key 'imgae' in services\.web\. Did you mean 'image'\?/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      memory: 64m\n', line: 5 },
    { compose: 'healthcheck:\n  test: true\nservices: {}\n', line: 1, message: /at the top level/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      max-size: 10m\n', line: 6 },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    x-owner: team-a\nx-common: {}\n',
    'name: demo\nservices:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    healthcheck:\n      test: ["CMD", "true"]\n      start_interval: 1s\nnetworks:\n  front: {}\nvolumes:\n  data:\n    external: true\n',
    'services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n        restart: true\n',
  ],
});
