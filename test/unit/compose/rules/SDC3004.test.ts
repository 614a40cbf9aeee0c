import { composeSpec } from '../spec';

composeSpec('SDC3004', {
  flags: [
    { compose: 'services:\n  proxy:\n    image: traefik:3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n', line: 5 },
    { compose: 'services:\n  proxy:\n    image: traefik:3.1\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n', line: 5 },
  ],
  passes: ['services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - data:/data\nvolumes:\n  data: {}\n'],
});
