import { composeSpec } from '../spec';

composeSpec('SDC2006', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n', line: 2, fixed: 'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n' },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    command: |\n      httpd -f\n\n  api:\n    image: app:1\n    restart: always\n', line: 2, fixed: 'services:\n  web:\n    image: nginx:1.27\n    command: |\n      httpd -f\n    restart: unless-stopped\n\n  api:\n    image: app:1\n    restart: always\n' },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    restart: on-failure\n',
    'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      restart_policy:\n        condition: on-failure\n',
    'services:\n  migrate:\n    image: app:1\n    command: migrate\n    restart: "no"\n  db-seed:\n    image: app:1\n',
    'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    depends_on:\n      prepare:\n        condition: service_completed_successfully\n  prepare:\n    image: app:1\n',
  ],
});
