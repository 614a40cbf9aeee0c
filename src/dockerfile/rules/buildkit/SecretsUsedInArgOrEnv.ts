// BuildKit's SecretsUsedInArgOrEnv: ARG/ENV names that look like credentials.
import type { Rule, RuleFinding } from '../../rule';
import { argAndEnvProperties } from '../kit';

// BuildKit's word lists: a name counts when one of these is the whole name or an `_`-separated part of it.
const SECRET_NAME = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED_NAME = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** True when Docker's SecretsUsedInArgOrEnv reports this ARG/ENV name (Stevedore's SD3009 then stays silent). */
export function isSecretLookingName(name: string): boolean {
  return SECRET_NAME.test(name) && !ALLOWED_NAME.test(name);
}

export const SecretsUsedInArgOrEnv: Rule = {
  code: 'SecretsUsedInArgOrEnv',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Sensitive data should not be used in the ARG or ENV commands',
  explanation: [
    'ARG and ENV values are stored in the image: ENV in its configuration, ARG in the build history',
    '(`docker history` shows them). Names like `API_KEY`, `DB_PASSWORD` or `GITHUB_TOKEN` suggest a',
    'credential. Pass secrets with build secrets instead, which never reach a layer:',
    '',
    '```dockerfile',
    '# Bad',
    'ARG GITHUB_TOKEN',
    'RUN git clone https://$GITHUB_TOKEN@github.com/acme/private.git',
    '# Good',
    'RUN --mount=type=secret,id=github_token \\',
    '    git clone https://$(cat /run/secrets/github_token)@github.com/acme/private.git',
    '```',
    '',
    'Matching follows BuildKit: the name contains `apikey`, `auth`, `credential(s)`, `key`, `password`,',
    '`pword`, `passwd`, `secret` or `token` as a whole `_`-separated word, and not `public`, `file` or',
    '`version` (`SECRET_FILE`, `AUTH_MODULE_VERSION` are fine). Stevedore\'s',
    'SD3009 adds value-based detection (a real-looking token in a variable with an innocent name).',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { keyword, property } of argAndEnvProperties(context)) {
      const name = property.getName();
      if (!isSecretLookingName(name)) continue;
      findings.push({
        range: property.getNameRange(),
        message: `Do not use ARG or ENV instructions for sensitive data (${keyword} "${name}")`,
      });
    }
    return findings;
  },
};
