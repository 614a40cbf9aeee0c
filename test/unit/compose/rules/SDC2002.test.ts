import { composeSpec, observed } from '../spec';

composeSpec('SDC2002', {
  flags: [
    { compose: 'services:\n  web:\n    image: nginx:1.27\n', line: 2, message: /no memory limit or reservation: one leak/, noFix: true },
    {
      compose: 'services:\n  web:\n    image: nginx:1.27\n',
      observations: observed('web', 40),
      message: "Service 'web' has no memory limit or reservation; it peaked at 40 MiB in the last 10 min. Suggested: limit 64M, reservation 48M (peak × 1.5, rounded up).",
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 64M\n        reservations:\n          memory: 48M\n',
    },
    {
      // deploy exists: the fix goes into it; a CPU peak gives a CPU limit too; headroom 2.
      compose: 'services:\n    web:\n        image: nginx:1.27\n        deploy:\n            replicas: 1\n',
      observations: observed('web', 100, 0.3), headroom: 2,
      message: /peaked at 100 MiB and 30\.0% CPU in the last 10 min\. Suggested: limit 256M, reservation 128M \(peak × 2/,
      fixed: "services:\n    web:\n        image: nginx:1.27\n        deploy:\n            replicas: 1\n            resources:\n                limits:\n                    cpus: '0.6'\n                    memory: 256M\n                reservations:\n                    memory: 128M\n",
    },
    {
      // The legacy form stays legacy.
      compose: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n',
      observations: observed('web', 20),
      message: /no memory reservation/,
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n    mem_reservation: 24M\n',
    },
    // A flow mapping is not rewritten: reported without a fix.
    { compose: 'services:\n  web: { image: "nginx:1.27" }\n', observations: observed('web', 40), noFix: true },
  ],
  passes: [
    'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 64M\n        reservations:\n          memory: 32M\n',
    'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 64m\n    mem_reservation: 32m\n',
    'x-res: &res\n  mem_limit: 64m\n  mem_reservation: 32m\nservices:\n  web:\n    <<: *res\n    image: nginx:1.27\n',
  ],
});
