import type { Rule, RuleFinding } from '../../rule';
import { labelProperties } from '../kit';

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/**
 * Docker's label key guideline: lower-case alphanumerics, `.` and `-`, starting with a letter, no
 * doubled separators.
 */
function isValidKey(key: string): boolean {
  return (
    /^[a-z]/.test(key) &&
    /[a-z0-9]$/.test(key) &&
    /^[a-z0-9.-]*$/.test(key) &&
    !key.includes('..') &&
    !key.includes('--') &&
    !RESERVED_NAMESPACES.some((namespace) => key.startsWith(namespace))
  );
}

export const DL3048: Rule = {
  code: 'DL3048',
  source: 'hadolint',
  severity: 'style',
  summary: 'Invalid label key.',
  explanation: `Docker's guideline for label keys: lower-case letters, digits, \`.\` and \`-\`; start with a letter
and end with a letter or digit; no \`..\` or \`--\`; and the \`com.docker.*\`, \`io.docker.*\` and
\`org.dockerproject.*\` namespaces are reserved for Docker itself. Keys that follow it work the same
with every tool that reads labels.

Bad:
\`\`\`dockerfile
LABEL Version="1.0" com.docker.owner="me"
\`\`\`

Good:
\`\`\`dockerfile
LABEL org.opencontainers.image.version="1.0" org.example.owner="me"
\`\`\`

**Fix:** rename the key, preferably to an \`org.opencontainers.image.*\` key or your own reverse-DNS namespace.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('LABEL', 'ONBUILD')) {
      // One finding per instruction as hadolint reports it, on the first bad key.
      const bad = labelProperties(instruction).find((property) => !isValidKey(property.getName()));
      if (bad) findings.push({ range: bad.getNameRange() });
    }
    return findings;
  },
};
