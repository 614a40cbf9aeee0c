// SDC2002: a service without a memory limit or reservation. Where the stats engine watched it, the
// finding says the peak and the window, and the fix writes limits from the peak × headroom.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import type { YamlTree } from './kit';
import { keyRange, setIn } from './kit';
import { declaredMemory } from './resources';
import { composeSize, suggestion } from './sizing';

export const SDC2002: ComposeRule = {
  code: 'SDC2002',
  source: 'stevedore',
  severity: 'warning',
  summary: 'Service without a memory limit or reservation',
  explanation: [
    'Without a memory limit, one leaking or overloaded service can take the host\'s memory and get',
    'other services killed by the kernel\'s OOM killer; without a reservation, the scheduler and the',
    'reader of the file cannot tell what it needs. Set `deploy.resources.limits.memory` and',
    '`reservations.memory` (or the legacy `mem_limit` / `mem_reservation`).',
    '',
    '```yaml',
    '# Good',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          memory: 96M',
    '        reservations:',
    '          memory: 64M',
    '```',
    '',
    '**Right-sizing from what was measured.** When Stevedore\'s Container stats view has watched the',
    'service in this session, the finding says its peak and over how long ("it peaked at 61 MiB in the',
    'last 42 min"), and the quick fix writes the limit as the peak × `stevedore.compose.headroom`',
    '(default 1.5) and the reservation as the peak, each rounded up to a friendly size (16M, 24M, 32M,',
    '48M, 64M, 96M, ...), plus a CPU limit when CPU was seen. Without observations (the command line,',
    'a service not running) the finding has no numbers and no fix: Stevedore does not guess.',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      if (!service.map) continue;
      const memory = declaredMemory(context, service.map);
      if (memory.limit && memory.reservation) continue;
      const missing = !memory.limit && !memory.reservation ? 'no memory limit or reservation' : !memory.limit ? 'no memory limit' : 'no memory reservation';
      const observation = context.options.observations.get(service.name);
      if (!observation) {
        findings.push({
          range: keyRange(context, service.pair),
          message: `Service '${service.name}' has ${missing}: one leak can exhaust the host. Set deploy.resources.${memory.limit ? 'reservations' : 'limits'}.memory${!memory.limit && !memory.reservation ? ' and reservations.memory' : ''}; run it with Stevedore's Container stats open to size it from its peak.`,
        });
        continue;
      }
      const advice = suggestion(observation, context.options.headroom);
      const limit = composeSize(advice.limitBytes);
      const reservation = composeSize(advice.reservationBytes);
      let tree: YamlTree;
      if (memory.legacy) {
        tree = {};
        if (!memory.limit) tree.mem_limit = limit;
        if (!memory.reservation) tree.mem_reservation = reservation;
      } else {
        const resources: YamlTree = {};
        if (!memory.limit) resources.limits = advice.limitCpus && !memory.cpus ? { cpus: `'${advice.limitCpus}'`, memory: limit } : { memory: limit };
        if (!memory.reservation) resources.reservations = { memory: reservation };
        tree = { deploy: { resources } };
      }
      const edits = setIn(context, service.map, tree);
      const what = [!memory.limit ? `limit ${limit}` : '', !memory.reservation ? `reservation ${reservation}` : ''].filter(Boolean).join(', ');
      findings.push({
        range: keyRange(context, service.pair),
        message: `Service '${service.name}' has ${missing}; ${advice.peakText}. Suggested: ${what} (peak × ${context.options.headroom}, rounded up).`,
        fix: edits ? { title: `Set memory ${what} from the observed peak`, edits } : undefined,
      });
    }
    return findings;
  },
};
