import { composeSpec } from '../spec';

composeSpec('SDC3006', {
  flags: [{ compose: 'services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n', line: 4 }],
  passes: ['services:\n  web:\n    image: nginx:1.27\n    network_mode: bridge\n  side:\n    image: app:1\n    network_mode: "service:web"\n'],
});
