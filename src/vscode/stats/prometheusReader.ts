// The one place the view meets the Prometheus engine (src/stats/prometheus): the settings and the
// secret as a connection, and the engine's snapshots and range histories in the view's shapes.
import { PrometheusSource, type PrometheusConnection, type Thresholds } from '../../stats';
import type { PrometheusSettings } from './prometheusSettings';
import type { PrometheusScope, ScopeReader } from './prometheusView';

export function connectionOf(settings: PrometheusSettings, secret: string | undefined): PrometheusConnection {
  const auth = settings.authentication === 'bearer' && secret
    ? { kind: 'bearer' as const, token: secret }
    : settings.authentication === 'basic' && secret
      ? { kind: 'basic' as const, username: settings.username, password: secret }
      : undefined;
  return {
    url: settings.url,
    ...(auth ? { auth } : {}),
    ...(settings.caFile ? { caFile: settings.caFile } : {}),
    timeoutMs: settings.timeoutSeconds * 1000,
  };
}

/** A reader of one scope (a folder's compose project, or a namespace) over one connection. */
export function createScopeReader(
  settings: PrometheusSettings,
  secret: string | undefined,
  scope: PrometheusScope,
  thresholds: Thresholds,
): ScopeReader {
  const source = new PrometheusSource(connectionOf(settings, secret));
  if (scope.kind === 'kubernetes') {
    const { namespace } = scope;
    return {
      async snapshot(range) {
        const snapshot = await source.kubernetesSnapshot({ namespace, range, thresholds });
        const kinds: Record<string, string> = {};
        for (const workload of snapshot.workloads) kinds[workload.name] = workload.kind;
        const { states, hosts, scrapeIntervalSeconds, readAt } = snapshot;
        return { states, hosts, scrapeIntervalSeconds, readAt, kinds };
      },
      history: (range) => source.history({ namespace, range }),
      namespaces: () => source.namespaces(),
      dispose: () => source.dispose(),
    };
  }
  const { project: composeProject, projectName } = scope;
  return {
    async snapshot(range) {
      const snapshot = await source.composeSnapshot({
        project: projectName(),
        composeProject,
        range,
        thresholds,
      });
      const { states, hosts, scrapeIntervalSeconds, readAt } = snapshot;
      return { states, hosts, scrapeIntervalSeconds, readAt };
    },
    history: (range) => source.history({ project: projectName(), range }),
    dispose: () => source.dispose(),
  };
}
