// SDC3001: two published ports claim the same host port: the second service cannot start.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { rangeOf } from './kit';
import { allInterfaces, portsOf } from './ports';

export const SDC3001: ComposeRule = {
  code: 'SDC3001',
  source: 'stevedore',
  severity: 'error',
  summary: 'The same host port is published twice: the second container cannot start',
  explanation: [
    'A host port can be bound once per address and protocol. Two services (or two entries, or a service',
    'and a port range) publishing `8080` on the same address make `docker compose up` fail with',
    '"port is already allocated" for the second. An address of all interfaces (`8080:80`, `0.0.0.0`)',
    'clashes with every specific address on that port.',
    '',
    '```yaml',
    '# Bad',
    '  web:',
    '    ports: ["8080:80"]',
    '  admin:',
    '    ports: ["8080:3000"]',
    '```',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    const seen: Array<{ service: string; hostIp?: string; port: number; protocol: string }> = [];
    for (const service of context.services) {
      for (const port of portsOf(context, service.map)) {
        for (const hostPort of port.hostPorts) {
          const clash = seen.find((other) => other.port === hostPort && other.protocol === port.protocol
            && (allInterfaces(other.hostIp) || allInterfaces(port.hostIp) || other.hostIp === port.hostIp));
          if (clash) {
            findings.push({
              range: rangeOf(context, port.node),
              message: `Host port ${hostPort}/${port.protocol} is already published by ${clash.service === service.name ? 'another entry of this service' : `service '${clash.service}'`}: '${service.name}' cannot start. Pick another host port.`,
            });
            break;
          }
          seen.push({ service: service.name, hostIp: port.hostIp, port: hostPort, protocol: port.protocol });
        }
      }
    }
    return findings;
  },
};
