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
    // stage with a HEALTHCHECK inherits it.
    const healthy = new Set<string>();
    const missing: Instruction[] = [];
    let current: { from: Instruction; name: string; healthy: boolean } | undefined;
    let stageIndex = -1;
    const close = () => {
      if (!current) return;
      if (current.healthy) healthy.add(current.name);
      else missing.push(current.from);
    };
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        close();
        const stage = ctx.stages[++stageIndex];
        const image = imageName(stage.baseImage);
        current = { from: instruction, name: stage.name ?? image, healthy: healthy.has(image) };
      } else if (keyword === 'HEALTHCHECK' && current) {
        current.healthy = true;
      }
    }
    close();
    const findings: RuleFinding[] = missing.map((from) => ({ range: from.getRange() }));
    return findings;
  },
};
