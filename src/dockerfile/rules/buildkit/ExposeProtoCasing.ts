// BuildKit's ExposeProtoCasing: `EXPOSE 80/TCP` should be `80/tcp`.
import type { Rule, RuleFinding } from '../../rule';
import { argumentsOf } from '../kit';

export const ExposeProtoCasing: Rule = {
  code: 'ExposeProtoCasing',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Protocol in EXPOSE instruction should be lowercase',
  explanation: [
    'The protocol of an exposed port is `tcp`, `udp` or `sctp`, in lower case; Docker normalises other',
    'casings today but reports them as the build check `ExposeProtoCasing`.',
    '',
    '```dockerfile',
    '# Bad',
    'EXPOSE 80/TCP',
    '# Good',
    'EXPOSE 80/tcp',
    '```',
    '',
    'Quick fix: lowercase the protocol.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const argument of argumentsOf(context, 'EXPOSE')) {
      const port = argument.getValue();
      const slash = port.lastIndexOf('/');
      if (slash === -1 || port.includes('$')) continue;
      const proto = port.slice(slash + 1);
      if (proto === proto.toLowerCase()) continue;
      const range = argument.getRange();
      const fixed = port.slice(0, slash + 1) + proto.toLowerCase();
      findings.push({
        range,
        message: `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
        fix: { title: `Change to '${fixed}'`, edits: [{ range, newText: fixed }] },
      });
    }
    return findings;
  },
};
