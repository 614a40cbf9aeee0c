import type { Rule, RuleFinding } from '../../rule';
import { argProperties } from '../kit';

/** The user part of `USER user[:group]`. */
function userOf(value: string): string {
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

export const DL3066: Rule = {
  code: 'DL3066',
  source: 'hadolint',
  severity: 'info',
  summary: 'Non-numeric user-id may not be resolvable by host system',
  explanation: `A user name is looked up in the image's \`/etc/passwd\` when the container starts. Tools outside the
image (Kubernetes' \`runAsNonRoot\`, volume permissions on the host, security scanners) only see the
name and cannot tell which user id it is, or whether it is root. A numeric id means the same
everywhere.

Bad:
\`\`\`dockerfile
USER app
\`\`\`

Good:
\`\`\`dockerfile
USER 10001:10001
\`\`\`

A user given by a build argument declared earlier (\`USER \${APP_UID}\`) is not flagged, as hadolint reads it.
No automatic fix: the id depends on how the user was created.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const args = new Set<string>();
    for (const instruction of ctx.instructionsOf('ARG', 'USER')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'ARG') {
        for (const property of argProperties(instruction)) args.add(property.getName());
        continue;
      }
      if (keyword !== 'USER') continue;
      const value = instruction.getArgumentsContent()?.trim() ?? '';
      const user = userOf(value);
      if (/^[0-9]*$/.test(user)) continue;
      if ([...args].some((name) => value.includes(`\${${name}}`) || value.includes(`$${name}`))) continue;
      findings.push({ range: instruction.getRange() });
    }
    return findings;
  },
};
