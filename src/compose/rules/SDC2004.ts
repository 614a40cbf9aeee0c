// SDC2004: `depends_on` waits only for the start of a service that has a health check.
import type { ComposeRule, ComposeRuleContext, ComposeRuleFinding, ServiceNode } from './rule';
import { deletePair, dependencies, hasHealthcheck, indentStep, pairIn, rangeOf, scalarText, valueIn } from './kit';

/** `depends_on` rewritten in its long form, each dependency with the condition it should wait for. */
function longFormFix(context: ComposeRuleContext, service: ServiceNode, healthy: (name: string) => boolean) {
  const pair = pairIn(context.document, service.map, 'depends_on');
  if (!pair || !service.map?.items.includes(pair)) return undefined;
  const deletion = deletePair(context, pair);
  if (!deletion) return undefined;
  const deps = dependencies(context.document, service.map);
  // Only the short list form is rewritten; the long form gets its condition edited in place.
  if (deps.some((dep) => dep.longForm)) return undefined;
  const indent = context.index.positionAt((pair.key as { range: [number, number, number] }).range[0]).character;
  const step = indentStep(context);
  const pad = (n: number): string => ' '.repeat(n);
  const lines = [`${pad(indent)}depends_on:`];
  for (const dep of deps) {
    lines.push(`${pad(indent + step)}${dep.name}:`, `${pad(indent + 2 * step)}condition: ${healthy(dep.name) ? 'service_healthy' : 'service_started'}`);
  }
  return { title: 'Wait for healthy dependencies (condition: service_healthy)', edits: [{ range: deletion.range, newText: `${lines.join('\n')}\n` }] };
}

export const SDC2004: ComposeRule = {
  code: 'SDC2004',
  source: 'stevedore',
  severity: 'warning',
  summary: '`depends_on` a service with a health check, without `condition: service_healthy`',
  explanation: [
    'A plain `depends_on: [db]` waits until the `db` container has *started*, not until it accepts',
    'connections: the dependent service starts against a database still initialising and fails or',
    'retries. When the dependency has a `healthcheck`, wait for it to be healthy.',
    '',
    '```yaml',
    '# Bad',
    '    depends_on:',
    '      - db',
    '# Good',
    '    depends_on:',
    '      db:',
    '        condition: service_healthy',
    '```',
    '',
    'Quick fix: the list form is rewritten in the long form (`service_healthy` for dependencies with a',
    'health check, `service_started` for the others); in the long form, the condition is replaced.',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    const byName = new Map(context.services.map((service) => [service.name, service]));
    const healthy = (name: string): boolean => hasHealthcheck(context.document, byName.get(name)?.map);
    for (const service of context.services) {
      let listFix: ReturnType<typeof longFormFix> | null = null;
      for (const dep of dependencies(context.document, service.map)) {
        if (!healthy(dep.name)) continue;
        const conditionNode = dep.longForm ? valueIn(context.document, dep.longForm, 'condition') : undefined;
        const condition = dep.longForm ? scalarText(conditionNode) ?? 'service_started' : 'service_started';
        if (condition !== 'service_started') continue;
        let fix;
        if (dep.longForm) {
          const conditionRange = conditionNode ? rangeOf(context, conditionNode) : undefined;
          fix = conditionRange && conditionNode ? { title: 'Wait until it is healthy (condition: service_healthy)', edits: [{ range: conditionRange, newText: 'service_healthy' }] } : undefined;
        } else {
          // One rewrite of the whole block, offered on the first such dependency only.
          fix = listFix === null ? (listFix = longFormFix(context, service, healthy)) : undefined;
        }
        findings.push({
          range: rangeOf(context, dep.node),
          message: `Service '${service.name}' starts as soon as '${dep.name}' has started, though '${dep.name}' has a health check: wait for it with condition: service_healthy.`,
          fix,
        });
      }
    }
    return findings;
  },
};
