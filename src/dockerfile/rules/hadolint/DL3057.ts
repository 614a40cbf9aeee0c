import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

/** `node:20-slim`, `repo/img@sha256:..` -> `node`, `repo/img`: how hadolint names a stage that has no alias. */
function imageName(baseImage: string): string {
  const name = baseImage.split('@')[0];
  const colon = name.lastIndexOf(':');
  return (colon > name.lastIndexOf('/') ? name.slice(0, colon) : name).toLowerCase();
}

export const DL3057: Rule = {
  code: 'DL3057',
  source: 'hadolint',
  severity: 'info',
  offByDefault: true,
  summary: '`HEALTHCHECK` instruction missing.',
  explanation: `Off by default. Without a \`HEALTHCHECK\`, Docker only knows whether the container's main process is
running, not whether it answers; orchestrators and \`docker ps\` then show a hung service as healthy.
A stage that builds on a stage with a \`HEALTHCHECK\` inherits it.

Bad (with the rule enabled):
\`\`\`dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
\`\`\`

Good:
\`\`\`dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1
\`\`\`

**Fix:** add a \`HEALTHCHECK\` that probes what the service does (use a tool the image contains), or
\`HEALTHCHECK NONE\` to state that there is none. Enable the rule with \`enabled: [DL3057]\` in \`.hadolint.yaml\`.`,
  check(ctx) {
    // hadolint names a stage by its alias, or by its image when it has none; a FROM that names a
    // stage with a HEALTHCHECK inherits it, and a HEALTHCHECK excuses the stages its own is built on.
    const seen: Array<{ from: Instruction; name: string; image: string; healthy: boolean }> = [];
    let current: (typeof seen)[number] | undefined;
    let stageIndex = -1;
    const markHealthy = (stage: (typeof seen)[number]): void => {
      stage.healthy = true;
      for (const earlier of seen) if (!earlier.healthy && earlier.name === stage.image) markHealthy(earlier);
    };
    for (const instruction of ctx.instructionsOf('FROM', 'HEALTHCHECK')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        const stage = ctx.stages[++stageIndex];
        const image = imageName(stage.baseImage);
        const inherits = seen.some((earlier) => earlier.healthy && earlier.name === image);
        current = { from: instruction, name: stage.name ?? image, image, healthy: inherits };
        seen.push(current);
      } else if (keyword === 'HEALTHCHECK' && current) {
        markHealthy(current);
      }
    }
    return seen.filter((stage) => !stage.healthy).map((stage): RuleFinding => ({ range: stage.from.getRange() }));
  },
};
