import { composeSpec } from '../spec';

composeSpec('SDC1005', {
  flags: [
    { compose: 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n', line: 1, fixed: 'services:\n  web:\n    image: nginx:1.27\n' },
    { compose: 'services:\n  web:\n    image: nginx:1.27\nversion: \'2\'\n', line: 4, fixed: 'services:\n  web:\n    image: nginx:1.27\n' },
  ],
  passes: ['services:\n  web:\n    image: nginx:1.27\n    environment:\n      version: 3\n'],
});
