// SDC3008: `container_name` on a service that runs more than one container.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { at, deletePair, keyRange, pairIn, scalar } from './kit';

export const SDC3008: ComposeRule = {
  code: 'SDC3008',
  source: 'stevedore',
  severity: 'error',
  summary: '`container_name` on a service that scales: only one container can have the name',
  explanation: [
    'Container names are unique on an engine. A service with `deploy.replicas` or `scale` above 1 and a',
    '`container_name` cannot start its second container: Compose refuses to scale it. Drop',
    '`container_name` and let Compose name the containers (`project-service-1`, `-2`, ...); other',
    'services reach it by its service name.',
    '',
    '```yaml',
    '# Bad',
    '  worker:',
    '    image: busybox:1.36',
    '    container_name: worker',
    '    deploy:',
    '      replicas: 3',
    '```',
    '',
    'Quick fix: remove `container_name`.',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      const pair = pairIn(context.document, service.map, 'container_name');
      if (!pair) continue;
      const replicas = Number(scalar(at(context.document, service.map, 'deploy', 'replicas')) ?? scalar(at(context.document, service.map, 'scale')) ?? 1);
      if (!(replicas > 1)) continue;
      const own = service.map?.items.includes(pair);
      const edit = own ? deletePair(context, pair) : undefined;
      findings.push({
        range: keyRange(context, pair),
        message: `Service '${service.name}' runs ${replicas} containers but sets container_name: only one container can have the name. Remove container_name.`,
        fix: edit ? { title: 'Remove container_name', edits: [edit] } : undefined,
      });
    }
    return findings;
  },
};
