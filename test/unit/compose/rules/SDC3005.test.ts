import { composeSpec } from '../spec';

composeSpec('SDC3005', {
  flags: [{ compose: 'services:\n  vpn:\n    image: wireguard:1\n    privileged: true\n', line: 4 }],
  passes: ['services:\n  vpn:\n    image: wireguard:1\n    privileged: false\n    cap_add: [NET_ADMIN]\n'],
});
