import { composeSpec } from '../spec';

composeSpec('SDC2007', {
  flags: [
    {
      compose: 'services:\n  web:\n    image: nginx:1.27\n', line: 2, message: /default json-file driver/,
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n',
    },
    {
      compose: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: 5m\n', line: 4, message: /without max-file/,
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: 5m\n        max-file: "3"\n',
    },
    {
      compose: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n',
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n',
    },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n',
    'services:\n  web:\n    image: nginx:1.27\n    logging:\n      options:\n        max-size: 10m\n        max-file: "3"\n',
    'x-log: &log\n  logging:\n    driver: json-file\n    options: { max-size: 10m, max-file: "2" }\nservices:\n  web:\n    <<: *log\n    image: nginx:1.27\n',
  ],
});
