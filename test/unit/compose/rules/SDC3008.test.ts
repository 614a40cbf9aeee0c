import { composeSpec } from '../spec';

composeSpec('SDC3008', {
  flags: [
    {
      compose: 'services:\n  worker:\n    image: app:1\n    container_name: worker\n    deploy:\n      replicas: 3\n', line: 4,
      fixed: 'services:\n  worker:\n    image: app:1\n    deploy:\n      replicas: 3\n',
    },
    { compose: 'services:\n  worker:\n    image: app:1\n    container_name: worker\n    scale: 2\n', fixed: 'services:\n  worker:\n    image: app:1\n    scale: 2\n' },
  ],
  passes: ['services:\n  worker:\n    image: app:1\n    container_name: worker\n', 'services:\n  worker:\n    image: app:1\n    container_name: worker\n    deploy:\n      replicas: 1\n'],
});
