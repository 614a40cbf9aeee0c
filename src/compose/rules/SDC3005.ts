// SDC3005: `privileged: true` turns off the container's isolation.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { pairIn, rangeOf, scalar } from './kit';

export const SDC3005: ComposeRule = {
  code: 'SDC3005',
  source: 'stevedore',
  severity: 'warning',
  summary: '`privileged: true`: the container gets every capability and every device of the host',
  explanation: [
    'A privileged container has all capabilities, all host devices, no seccomp or AppArmor profile: a',
    'process that escapes its application is root on the host. Grant only what is needed: `cap_add` for',
    'one capability, `devices` for one device.',
    '',
    '```yaml',
    '# Bad',
    '    privileged: true',
    '# Good',
    '    cap_add: [NET_ADMIN]',
    '    devices: ["/dev/net/tun"]',
    '```',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      const pair = pairIn(context.document, service.map, 'privileged');
      if (pair && scalar(pair.value) === true) {
        findings.push({
          range: rangeOf(context, pair.key),
          message: `Service '${service.name}' runs privileged: every capability and device of the host. Grant only what it needs with cap_add or devices.`,
        });
      }
    }
    return findings;
  },
};
