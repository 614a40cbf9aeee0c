import type { Rule, RuleFinding } from '../../rule';
import { argProperties } from '../kit';

/** Variable names of well-known services' credentials (hadolint's list). */
const KNOWN_SENSITIVE = new Set([
  'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'BITTREX_API_KEY', 'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME', 'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD',
  'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD', 'DOCKER_EMAIL', 'DOCKER_PASSWORD', 'DOCKER_USERNAME',
  'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET', 'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN',
  'FOSSA_API_KEY', 'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN', 'HEROKU_API_KEY',
  'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY', 'OS_PASSWORD', 'OS_USERNAME',
  'POSTGRES_PASSWORD', 'SLACK_TOKEN', 'STRIPE_API_KEY', 'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME',
  'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO', 'VAULT_CLIENT_KEY', 'VAULT_TOKEN',
]);
/** Parts of a name that suggest a credential, in any case. */
const SUSPICIOUS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

function looksSensitive(name: string): boolean {
  const lower = name.toLowerCase();
  return KNOWN_SENSITIVE.has(name.toUpperCase()) || SUSPICIOUS.some((part) => lower.includes(part));
}

export const DL3064: Rule = {
  code: 'DL3064',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands',
  explanation: `\`ARG\` and \`ENV\` values are stored in the image: \`docker history\` shows build arguments, and
\`docker inspect\` shows every \`ENV\` of the image to anyone who can pull it. A name such as
\`GITHUB_TOKEN\`, \`DB_PASSWORD\` or \`my_api_key\` suggests a credential that should not be there.
BuildKit's check for the same thing is \`SecretsUsedInArgOrEnv\` (with its own word list).

Bad:
\`\`\`dockerfile
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
\`\`\`

Good:
\`\`\`dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\
    echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc
\`\`\`

No automatic fix: pass the value with a secret mount (\`docker build --secret\`) instead.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('ARG', 'ENV')) {
      if (argProperties(instruction).some((property) => looksSensitive(property.getName()))) {
        findings.push({ range: instruction.getRange() });
      }
    }
    return findings;
  },
};
