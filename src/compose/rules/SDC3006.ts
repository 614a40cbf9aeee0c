// SDC3006: `network_mode: host` shares the host's network stack.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { pairIn, rangeOf, scalarText } from './kit';

export const SDC3006: ComposeRule = {
  code: 'SDC3006',
  source: 'stevedore',
  severity: 'warning',
  summary: '`network_mode: host`: the container shares the host\'s network, every port it opens is public',
  explanation: [
    'With host networking the container has no network isolation: every port it listens on is open on',
    'every interface of the host (`ports:` is ignored), it can reach services bound to the host\'s',
    'loopback, and two services cannot use the same port. Publish the ports it needs instead.',
    '',
    '```yaml',
    '# Bad',
    '    network_mode: host',
    '# Good',
    '    ports:',
    '      - "127.0.0.1:8080:8080"',
    '```',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      const pair = pairIn(context.document, service.map, 'network_mode');
      if (pair && scalarText(pair.value) === 'host') {
        findings.push({
          range: rangeOf(context, pair.value),
          message: `Service '${service.name}' uses the host's network: every port it opens is open on the host, and ports: is ignored. Publish the ports it needs instead.`,
        });
      }
    }
    return findings;
  },
};
