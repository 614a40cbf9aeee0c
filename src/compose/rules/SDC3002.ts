// SDC3002: a database or admin port published on every interface of the host.
import { isScalar } from 'yaml';
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { rangeOf, scalarText, setIn, valueIn } from './kit';
import { allInterfaces, portsOf } from './ports';

/** Container ports of databases, caches, brokers and admin consoles, with what usually listens there. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [5432, 'PostgreSQL'], [3306, 'MySQL/MariaDB'], [1433, 'SQL Server'], [1521, 'Oracle'], [27017, 'MongoDB'],
  [6379, 'Redis'], [11211, 'Memcached'], [9200, 'Elasticsearch'], [9300, 'Elasticsearch transport'],
  [5984, 'CouchDB'], [7474, 'Neo4j browser'], [7687, 'Neo4j Bolt'], [9042, 'Cassandra'], [8086, 'InfluxDB'],
  [26257, 'CockroachDB'], [5672, 'RabbitMQ AMQP'], [15672, 'RabbitMQ management'], [2375, 'the Docker API'],
  [2376, 'the Docker API (TLS)'], [2379, 'etcd'], [8500, 'Consul'], [9001, 'MinIO console'], [8081, 'mongo-express'],
  [5050, 'pgAdmin'], [9090, 'Prometheus'], [8161, 'ActiveMQ console'], [6443, 'the Kubernetes API'],
]);

export const SDC3002: ComposeRule = {
  code: 'SDC3002',
  source: 'stevedore',
  severity: 'warning',
  summary: 'A database or admin port is published on all interfaces: bind it to 127.0.0.1',
  explanation: [
    '`"5432:5432"` publishes PostgreSQL on every interface of the host, and Docker\'s rules bypass host',
    'firewalls such as ufw: anyone who can reach the machine can reach the database. For local access',
    'bind it to the loopback address; other services in the project reach it by its service name',
    'without publishing anything.',
    '',
    '```yaml',
    '# Bad',
    '    ports:',
    '      - "5432:5432"',
    '# Good',
    '    ports:',
    '      - "127.0.0.1:5432:5432"',
    '```',
    '',
    'Ports judged: PostgreSQL, MySQL, SQL Server, Oracle, MongoDB, Redis, Memcached, Elasticsearch,',
    'CouchDB, Neo4j, Cassandra, InfluxDB, CockroachDB, RabbitMQ, the Docker API, etcd, Consul, MinIO\'s and',
    'other admin consoles, by their container port. Quick fix: bind to 127.0.0.1.',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      for (const port of portsOf(context, service.map)) {
        const what = SENSITIVE_PORTS.get(port.containerPort);
        if (!what || !allInterfaces(port.hostIp)) continue;
        let fix;
        if (port.form === 'short' && isScalar(port.node) && port.node.range) {
          const start = port.node.range[0];
          const quoted = context.text[start] === '"' || context.text[start] === '\'';
          const text = scalarText(port.node) ?? '';
          const parts = text.split('/')[0].split(':');
          const prefix = parts.length === 1 ? '127.0.0.1::' : parts.length === 2 ? '127.0.0.1:' : undefined;
          const at = context.index.positionAt(start + (quoted ? 1 : 0));
          // An unquoted `5432:5432` could be read as base 60 by YAML 1.1 readers: quote when editing.
          if (prefix && parts.length === 3) fix = undefined;
          else if (prefix && quoted) fix = { title: 'Bind to 127.0.0.1', edits: [{ range: { start: at, end: at }, newText: prefix }] };
          else if (prefix) fix = { title: 'Bind to 127.0.0.1', edits: [{ range: rangeOf(context, port.node), newText: `"${prefix}${text}"` }] };
        } else if (port.form === 'long' && port.hostIp === undefined && valueIn(context.document, port.node as never, 'host_ip') === undefined) {
          const edits = setIn(context, port.node as never, { host_ip: '127.0.0.1' });
          fix = edits ? { title: 'Bind to 127.0.0.1', edits } : undefined;
        }
        findings.push({
          range: rangeOf(context, port.node),
          message: `Service '${service.name}' publishes ${what} (port ${port.containerPort}) on all interfaces: anyone who can reach this host can reach it. Bind it to 127.0.0.1, or do not publish it (services reach it by name).`,
          fix,
        });
      }
    }
    return findings;
  },
};
