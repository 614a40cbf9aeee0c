// SD3009: an ARG/ENV value that looks like a real credential (by its shape), under a name Docker's
// SecretsUsedInArgOrEnv does not catch.
import type { Rule, RuleFinding } from '../../rule';
import { argAndEnvProperties } from '../kit';
import { isSecretLookingName } from '../buildkit/SecretsUsedInArgOrEnv';

const SECRET_SHAPES: { what: string; pattern: RegExp }[] = [
  { what: 'an AWS access key', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { what: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { what: 'a Stripe live key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'an OpenAI-style API key', pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{32,}\b/ },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  // scheme://user:password@host with a literal password (not a $VARIABLE).
  { what: 'a URL with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:(?!\$)[^\s/@$]{3,}@[^\s/]+/i },
];

export function secretShape(value: string): string | undefined {
  return SECRET_SHAPES.find((shape) => shape.pattern.test(value))?.what;
}

export const SD3009: Rule = {
  code: 'SD3009',
  source: 'stevedore',
  severity: 'error',
  summary: 'An ARG or ENV value looks like a real credential: it ends up in the image for anyone who pulls it',
  explanation: [
    'ENV values are in the image configuration and ARG values in its history (`docker history',
    '--no-trunc`); anyone who can pull the image can read them, and they are in your repository too. This',
    'rule looks at the *value*: AWS access keys, GitHub/GitLab/npm/Slack tokens, Stripe live keys, Google',
    'API keys, private keys, JSON Web Tokens, and URLs with a literal password.',
    '',
    'It complements Docker\'s `SecretsUsedInArgOrEnv`, which looks at the *name* (`API_KEY`, `DB_PASSWORD`);',
    'when that check already reports the variable, this one stays silent, so one variable gets one finding.',
    '',
    'Revoke the credential, then pass it at build time as a secret, which never reaches a layer:',
    '',
    '```dockerfile',
    '# Bad',
    'ENV DATABASE_URL=postgres://app:s3cr3t@db:5432/app',
    '# Good: give it to the container at run time (docker run -e, compose secrets), and at build time:',
    'RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { keyword, property } of argAndEnvProperties(context)) {
      const value = property.getValue();
      const valueRange = property.getValueRange();
      if (!value || !valueRange || isSecretLookingName(property.getName())) continue;
      const what = secretShape(value);
      if (!what) continue;
      findings.push({
        range: valueRange,
        message: `The value of ${keyword} ${property.getName()} looks like ${what}: it is stored in the image (${keyword === 'ENV' ? 'its configuration' : 'its build history'}) for anyone who pulls it. Revoke it and pass it with RUN --mount=type=secret or at run time instead.`,
      });
    }
    return findings;
  },
};
