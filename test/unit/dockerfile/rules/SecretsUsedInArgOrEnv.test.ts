import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SecretsUsedInArgOrEnv', {
  flags: [
    { dockerfile: 'FROM alpine\nARG GITHUB_TOKEN\n', message: 'Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")' },
    { dockerfile: 'FROM alpine\nENV api_key=x DB_PASSWORD=y\n', count: 2 },
    // A check=skip comment applies to the instruction right below it only.
    { dockerfile: 'FROM scratch\n# check=skip=all\nENV password=bar\nARG alternate_password\n', count: 1, line: 4 },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM alpine\nARG PUBLIC_KEY\nENV KEYBOARD=us TOKENIZER=x NODE_ENV=production\n',
    // BuildKit (Dockerfile frontend 1.21) allows `file` and `version` as it allows `public`.
    'FROM scratch\nARG SECRET_PASSPHRASE_FILE\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n',
    'FROM scratch\n# check=skip=SecretsUsedInArgOrEnv // allow secret in environment\nENV password=bar\n',
    'FROM scratch\n# check=skip=all // is local to only this instruction\nARG alternate_password\n',
  ],
});
