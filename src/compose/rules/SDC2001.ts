// SDC2001: an image with no tag, or `latest`: what runs changes whenever the registry's tag moves.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { pairIn, rangeOf, scalarText } from './kit';

/** The tag of an image reference, or undefined (`localhost:5000/app` has no tag; its colon is a port). */
export function imageTag(reference: string): string | undefined {
  if (reference.includes('@')) return '@digest';
  const last = reference.slice(reference.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? undefined : last.slice(colon + 1);
}

export const SDC2001: ComposeRule = {
  code: 'SDC2001',
  source: 'stevedore',
  severity: 'warning',
  summary: 'Image without a tag, or with `latest`: pin a version',
  explanation: [
    'An image without a tag means `:latest`, which moves: the same compose file runs another version',
    'after the next pull, on another machine, or after `docker compose pull`. Pin a version (`postgres:16.4`)',
    'or a digest (`postgres@sha256:...`). Services that are `build:` here and name their result with',
    '`image:` are not reported.',
    '',
    '```yaml',
    '# Bad',
    '    image: postgres',
    '# Good',
    '    image: postgres:16.4',
    '```',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      if (!service.map || pairIn(context.document, service.map, 'build')) continue;
      const pair = pairIn(context.document, service.map, 'image');
      const reference = scalarText(pair?.value);
      if (!pair || reference === undefined || reference.includes('$')) continue;
      const tag = imageTag(reference);
      if (tag !== undefined && tag !== 'latest') continue;
      findings.push({
        range: rangeOf(context, pair.value),
        message: tag === 'latest'
          ? `Service '${service.name}' runs ${reference}: latest moves with every push. Pin a version (or a digest).`
          : `Service '${service.name}' runs ${reference} without a tag, which means latest and moves with every push. Pin a version (or a digest).`,
      });
    }
    return findings;
  },
};
