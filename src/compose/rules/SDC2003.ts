// SDC2003: a memory limit far above what the service was seen to use (information, from observations).
import { isScalar } from 'yaml';
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { rangeOf } from './kit';
import { declaredMemory } from './resources';
import { composeSize, humanBytes, suggestion } from './sizing';

/** Reported when the limit is at least this many times the suggestion, and 64 MiB more. */
const OVERSIZE_FACTOR = 4;

export const SDC2003: ComposeRule = {
  code: 'SDC2003',
  source: 'stevedore',
  severity: 'info',
  summary: 'Memory limit far above the observed peak',
  explanation: [
    'A limit many times what the service uses protects nothing: the host can still run out before it',
    'bites, and on a shared host the headroom is memory other services cannot plan on. Reported only when',
    'Stevedore\'s Container stats view has watched the service in this session and the limit is at least',
    `${OVERSIZE_FACTOR}× the peak × \`stevedore.compose.headroom\` (and 64 MiB more); the message gives the peak and the window.`,
    '',
    'Quick fix: set the limit to the suggested size. A peak seen over a few minutes may miss the busy',
    'hour: watch the service under real load (Stevedore\'s load test) before lowering a limit.',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      const observation = context.options.observations.get(service.name);
      if (!service.map || !observation) continue;
      const limit = declaredMemory(context, service.map).limit;
      if (!limit?.bytes) continue;
      const advice = suggestion(observation, context.options.headroom);
      const excess = limit.bytes - advice.limitBytes;
      if (limit.bytes < advice.limitBytes * OVERSIZE_FACTOR || excess < 64 * 1024 * 1024) continue;
      const node = limit.node;
      const size = composeSize(advice.limitBytes);
      const range = rangeOf(context, node);
      findings.push({
        range,
        message: `Service '${service.name}' may use ${humanBytes(limit.bytes)} but ${advice.peakText}: the limit is ${Math.round(limit.bytes / advice.limitBytes)}× the suggested ${size} (peak × ${context.options.headroom}, rounded up).`,
        fix: isScalar(node) && node.range ? { title: `Lower the memory limit to ${size}`, edits: [{ range, newText: size }] } : undefined,
      });
    }
    return findings;
  },
};
