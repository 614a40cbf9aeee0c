import { composeSpec } from '../spec';

composeSpec('SDC1004', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 512 megs\n', line: 4 },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 1,5g\n', line: 7, message: /not a size/ },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 512m\n    shm_size: 1gb\n    deploy:\n      resources:\n        limits:\n          memory: 64MiB\n        reservations:\n          memory: 1048576\n',
  ],
});
