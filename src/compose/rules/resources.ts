// What a service declares about memory, in either form Compose reads: `deploy.resources` or the
// legacy `mem_limit` / `mem_reservation` / `cpus`.
import type { Pair, YAMLMap } from 'yaml';
import type { ComposeRuleContext } from './rule';
import { at, pairIn, scalar } from './kit';
import { parseComposeSize } from './sizing';

export interface DeclaredMemory {
  limit?: { bytes?: number; node: unknown; legacy: boolean };
  reservation?: { bytes?: number; node: unknown; legacy: boolean };
  /** The service writes the legacy keys: a fix writes those too, not a mix. */
  legacy: boolean;
  cpus?: unknown;
}

export function declaredMemory(context: ComposeRuleContext, service: YAMLMap): DeclaredMemory {
  const document = context.document;
  const read = (node: unknown, legacy: boolean) => {
    const value = scalar(node);
    if (value === undefined || value === null) return undefined;
    return { bytes: parseComposeSize(value as string | number), node, legacy };
  };
  const legacyPair = (key: string): Pair | undefined => pairIn(document, service, key);
  const limit = read(at(document, service, 'deploy', 'resources', 'limits', 'memory'), false) ?? read(legacyPair('mem_limit')?.value, true);
  const reservation = read(at(document, service, 'deploy', 'resources', 'reservations', 'memory'), false) ?? read(legacyPair('mem_reservation')?.value, true);
  return {
    limit,
    reservation,
    legacy: !!(legacyPair('mem_limit') || legacyPair('mem_reservation') || legacyPair('cpus')),
    cpus: at(document, service, 'deploy', 'resources', 'limits', 'cpus') ?? legacyPair('cpus')?.value,
  };
}
