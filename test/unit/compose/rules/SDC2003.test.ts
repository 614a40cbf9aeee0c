import { composeSpec, observed } from '../spec';

composeSpec('SDC2003', {
  flags: [
    {
      compose: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 2g\n',
      observations: observed('web', 20), line: 7,
      message: "Service 'web' may use 2 GiB but it peaked at 20 MiB in the last 10 min: the limit is 64× the suggested 32M (peak × 1.5, rounded up).",
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 32M\n',
    },
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: "1g"\n', observations: observed('web', 10), fixed: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 16M\n' },
  ],
  passes: [
    // Not watched: no numbers, no finding.
    'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 2g\n',
    { compose: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 128m\n', observations: observed('web', 40) },
  ],
});
