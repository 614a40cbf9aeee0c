// SDC3004: the Docker socket mounted into a container: root on the host for whoever controls it.
import { isMap } from 'yaml';
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { deref, rangeOf, scalarText, valueIn } from './kit';

const SOCKET = /^(\/var)?\/run\/docker\.sock$/;

export const SDC3004: ComposeRule = {
  code: 'SDC3004',
  source: 'stevedore',
  severity: 'warning',
  summary: 'The Docker socket is mounted: the container can control the engine, which is root on the host',
  explanation: [
    'With `/var/run/docker.sock` mounted, the container can start a privileged container that mounts the',
    'host\'s root file system: it is root on the host, read-only mount or not. Tools that need it (Traefik,',
    'Portainer, Watchtower) should get a socket proxy that allows only the API calls they use',
    '(for example `tecnativa/docker-socket-proxy`), and never be exposed to untrusted input.',
    '',
    '```yaml',
    '# Bad',
    '    volumes:',
    '      - /var/run/docker.sock:/var/run/docker.sock',
    '```',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      const volumes = valueIn(context.document, service.map, 'volumes') as { items?: unknown[] } | undefined;
      for (const item of volumes?.items ?? []) {
        const node = deref(context.document, item);
        const source = isMap(node) ? scalarText(valueIn(context.document, node, 'source')) : scalarText(node)?.split(':')[0];
        if (!source || !SOCKET.test(source.trim())) continue;
        findings.push({
          range: rangeOf(context, node),
          message: `Service '${service.name}' mounts the Docker socket (${source}): it can control the engine, which is root on the host. Give it a socket proxy allowing only what it needs.`,
        });
      }
    }
    return findings;
  },
};
