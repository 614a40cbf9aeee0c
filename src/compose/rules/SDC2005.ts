// SDC2005: a service others depend on has no health check, so they cannot wait until it is ready.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { dependencies, hasHealthcheck, rangeOf, scalarText, valueIn } from './kit';

export const SDC2005: ComposeRule = {
  code: 'SDC2005',
  source: 'stevedore',
  severity: 'info',
  summary: 'A dependency without a health check: the services that depend on it cannot wait until it is ready',
  explanation: [
    '`depends_on` can only wait for a dependency to be *healthy* if it has a `healthcheck`. Without one,',
    'the dependent service starts when the dependency\'s process starts, and a database still',
    'initialising makes it fail or retry. Give the dependency a health check (`pg_isready`,',
    '`redis-cli ping`, `mysqladmin ping`, `wget -q --spider http://localhost/health`) and wait with',
    '`condition: service_healthy` (SDC2004).',
    '',
    '```yaml',
    '# Good',
    '  db:',
    '    image: postgres:16.4',
    '    healthcheck:',
    '      test: ["CMD-SHELL", "pg_isready -U postgres"]',
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 5',
    '```',
    '',
    'Not reported for `condition: service_completed_successfully` (a one-shot job) or a dependency not',
    'defined in this file. The image may define a `HEALTHCHECK` of its own; Stevedore cannot see it from',
    'the compose file, so ignore the finding there (`# stevedore ignore=SDC2005`).',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    const byName = new Map(context.services.map((service) => [service.name, service]));
    for (const service of context.services) {
      for (const dep of dependencies(context.document, service.map)) {
        const target = byName.get(dep.name);
        if (!target?.map || hasHealthcheck(context.document, target.map)) continue;
        const condition = dep.longForm ? scalarText(valueIn(context.document, dep.longForm, 'condition')) : undefined;
        if (condition === 'service_completed_successfully') continue;
        findings.push({
          range: rangeOf(context, dep.node),
          message: `Service '${service.name}' depends on '${dep.name}', which has no health check: Compose can only wait for it to start, not to be ready. Add a healthcheck to '${dep.name}'.`,
        });
      }
    }
    return findings;
  },
};
