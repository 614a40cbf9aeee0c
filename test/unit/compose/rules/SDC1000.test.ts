import { composeSpec } from '../spec';

composeSpec('SDC1000', {
  flags: [
    { compose: 'services:\n  web:\n\timage: nginx:1.27\n', message: /Not valid YAML/ },
    { compose: 'services:\n  web:\n    image: "nginx\n', message: /Not valid YAML/ },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    image: nginx:1.26\n', line: 4, message: /written twice/ },
    { compose: 'services:\n  web: *missing\n', message: /alias|anchor|Not valid/i },
    { compose: '- just\n- a list\n', message: /is a mapping/ },
    { compose: `${'['.repeat(500)}${']'.repeat(500)}\n`, message: /nests brackets/ },
    // Billion laughs: nine levels of ten aliases each.
    {
      compose: ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
        'services: {}'].join('\n'),
      message: /alias bomb/,
    },
    { compose: `services:\n${'  x'.repeat(1)}: {}\n# ${'x'.repeat(1024 * 1024)}\n`, message: /too large/ },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n',
    '',
    'x-defaults: &defaults\n  restart: always\nservices:\n  web:\n    <<: *defaults\n    image: nginx:1.27\n',
  ],
});
