// SDC3007: a service builds from a context without a .dockerignore (where the Dockerfile rules look
// for it: src/dockerfile's dockerignoreCandidates, read by the caller).
import { isMap } from 'yaml';
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { pairIn, rangeOf, scalarText, valueIn } from './kit';

export const SDC3007: ComposeRule = {
  code: 'SDC3007',
  source: 'stevedore',
  severity: 'warning',
  summary: 'The build context has no .dockerignore: everything in it is sent to the builder',
  explanation: [
    'Compose sends the whole `build.context` folder to the builder. Without a `.dockerignore` that is',
    '`.git`, `node_modules`, build output and local `.env` files: slow builds, a cache broken by every',
    'change, and secrets copied into images by `COPY . .`. Add a `.dockerignore` next to the Dockerfile',
    '(or `<Dockerfile>.dockerignore`), as the Dockerfile rule SD3008 looks for it.',
    '',
    '```',
    '# .dockerignore',
    '.git',
    'node_modules',
    'dist',
    '.env',
    '```',
    '',
    'Silent when the compose file is linted without its folder (text from standard input).',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    const read = context.options.dockerignore;
    if (!read) return findings;
    for (const service of context.services) {
      const pair = pairIn(context.document, service.map, 'build');
      if (!pair) continue;
      const build = valueIn(context.document, service.map, 'build');
      const contextNode = isMap(build) ? valueIn(context.document, build, 'context') : build;
      const folder = isMap(build) && contextNode === undefined ? '.' : scalarText(contextNode);
      if (folder === undefined || folder.includes('$') || /^[a-z]+:\/\//i.test(folder) || folder.startsWith('git@')) continue;
      const dockerfile = isMap(build) ? scalarText(valueIn(context.document, build, 'dockerfile')) : undefined;
      if (read(folder, dockerfile) !== null) continue;
      findings.push({
        range: rangeOf(context, contextNode ?? pair.key),
        message: `Service '${service.name}' builds from ${folder}, which has no .dockerignore: .git, node_modules and local secrets are sent to the builder. Add a .dockerignore there.`,
      });
    }
    return findings;
  },
};
