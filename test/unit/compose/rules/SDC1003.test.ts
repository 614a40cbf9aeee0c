import { composeSpec } from '../spec';

composeSpec('SDC1003', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 30\n', line: 6, message: /has no unit/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    stop_grace_period: 1min\n', line: 4, message: /not a duration/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      timeout: 5 seconds\n', line: 5 },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    stop_grace_period: 1m30s\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 2.5s\n      timeout: 500ms\n      start_period: 0\n',
    'services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      interval: ${INTERVAL:-10s}\n',
  ],
});
