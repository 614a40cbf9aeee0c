// BuildKit's ExposeInvalidFormat: EXPOSE takes a container port, not `ip:host:container`.
import type { Rule, RuleFinding } from '../../rule';
import { argumentsOf } from '../kit';

export const ExposeInvalidFormat: Rule = {
  code: 'ExposeInvalidFormat',
  source: 'buildkit',
  severity: 'warning',
  summary: 'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release',
  explanation: [
    '`EXPOSE` documents the ports the container listens on. Host addresses and host ports belong to',
    '`docker run -p` or a compose file; in a Dockerfile they are ignored today and will become an error in',
    'a future release of BuildKit (build check `ExposeInvalidFormat`).',
    '',
    '```dockerfile',
    '# Bad',
    'EXPOSE 127.0.0.1:8080:80',
    'EXPOSE 80:80',
    '# Good',
    'EXPOSE 80',
    '```',
    '',
    'Quick fix: keep only the container port (and its protocol): the image means the same.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const argument of argumentsOf(context, 'EXPOSE')) {
      const port = argument.getValue();
      if (!port.includes(':') || port.includes('$')) continue;
      const containerPort = port.slice(port.lastIndexOf(':') + 1);
      const range = argument.getRange();
      findings.push({
        range,
        message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
        fix: containerPort ? { title: `Expose only '${containerPort}'`, edits: [{ range, newText: containerPort }] } : undefined,
      });
    }
    return findings;
  },
};
