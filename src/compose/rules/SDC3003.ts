// SDC3003: a password, token or key written in `environment`.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { entriesOf, rangeOf, valueIn } from './kit';

/** Variable names that hold credentials; `_FILE` variants (the Docker images' secrets convention) do not. */
const CREDENTIAL = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|SECRET_KEY|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH)$/i;
/** Values that are not a secret: empty, booleans, references, placeholders. */
const HARMLESS = /^(|true|false|yes|no|none|null|changeme|\*+|<.*>)$/i;

export const SDC3003: ComposeRule = {
  code: 'SDC3003',
  source: 'stevedore',
  severity: 'warning',
  summary: 'A credential is written in `environment`: use secrets or an env_file kept out of the repository',
  explanation: [
    'A password in the compose file is in the repository, in every clone and in `docker inspect` of the',
    'container for anyone with access to the engine. Use Compose `secrets` (the official images read',
    '`POSTGRES_PASSWORD_FILE=/run/secrets/db_password` and the like), or an `env_file` listed in',
    '`.gitignore`, or `${VAR}` interpolated from the environment or a `.env` file not committed.',
    '',
    '```yaml',
    '# Bad',
    '    environment:',
    '      POSTGRES_PASSWORD: hunter2',
    '# Good',
    '    environment:',
    '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password',
    '    secrets:',
    '      - db_password',
    'secrets:',
    '  db_password:',
    '    file: ./db_password.txt',
    '```',
    '',
    'Reported for variables named like `*_PASSWORD`, `*_SECRET`, `*_TOKEN`, `*_API_KEY` with a literal',
    'value; `${VAR}` references and empty values are not.',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      for (const entry of entriesOf(context.document, valueIn(context.document, service.map, 'environment'))) {
        const value = entry.value?.trim();
        if (value === undefined || !CREDENTIAL.test(entry.key) || HARMLESS.test(value) || value.includes('${') || value.startsWith('$')) continue;
        findings.push({
          range: rangeOf(context, entry.node),
          message: `Service '${service.name}' sets ${entry.key} in plain text: it is in the repository and in docker inspect. Use a secret (${entry.key}_FILE=/run/secrets/...), an env_file kept out of git, or \${${entry.key}} from the environment.`,
        });
      }
    }
    return findings;
  },
};
