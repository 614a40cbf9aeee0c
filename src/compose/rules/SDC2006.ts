// SDC2006: a long-running service without a restart policy stays down after a crash or a reboot.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { at, dependencies, keyRange, pairIn, scalarText, setIn, valueIn } from './kit';

/** Names that say "runs once": migrations, seeds, set-up and test jobs. */
const ONE_SHOT = /(^|[-_])(migrat\w*|seed\w*|setup|init\w*|test\w*|build\w*|job|task|cron|once)($|[-_])/i;

export const SDC2006: ComposeRule = {
  code: 'SDC2006',
  source: 'stevedore',
  severity: 'info',
  summary: 'Long-running service without a `restart` policy',
  explanation: [
    'Without `restart:`, a service that crashes, or every service after the Docker daemon or the host',
    'restarts, stays down until someone runs `docker compose up` again. `unless-stopped` brings it back',
    'unless you stopped it yourself; `on-failure` only after a crash.',
    '',
    '```yaml',
    '# Good',
    '  web:',
    '    image: nginx:1.27',
    '    restart: unless-stopped',
    '```',
    '',
    'Not reported for one-shot services: those other services wait for with',
    '`condition: service_completed_successfully`, those with `deploy.restart_policy`, and names such as',
    '`migrate`, `seed`, `setup`, `init`, `test`.',
    '',
    'Quick fix: add `restart: unless-stopped`.',
  ].join('\n'),
  check(context) {
    const oneShot = new Set<string>();
    for (const service of context.services) {
      for (const dep of dependencies(context.document, service.map)) {
        if (dep.longForm && scalarText(valueIn(context.document, dep.longForm, 'condition')) === 'service_completed_successfully') oneShot.add(dep.name);
      }
    }
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      if (!service.map || oneShot.has(service.name) || ONE_SHOT.test(service.name)) continue;
      if (pairIn(context.document, service.map, 'restart') || at(context.document, service.map, 'deploy', 'restart_policy') !== undefined) continue;
      const edits = setIn(context, service.map, { restart: 'unless-stopped' });
      findings.push({
        range: keyRange(context, service.pair),
        message: `Service '${service.name}' has no restart policy: after a crash or a reboot it stays down. Add restart: unless-stopped (or on-failure).`,
        fix: edits ? { title: 'Add restart: unless-stopped', edits } : undefined,
      });
    }
    return findings;
  },
};
