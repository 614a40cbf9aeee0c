import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SecretsUsedInArgOrEnv', {
  flags: [
    { dockerfile: 'FROM alpine\nARG GITHUB_TOKEN\n', message: 'Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")' },
    { dockerfile: 'FROM alpine\nENV api_key=x DB_PASSWORD=y\n', count: 2 },
  ],
  passes: [
    ...wellBuiltCases,'FROM alpine\nARG PUBLIC_KEY\nENV KEYBOARD=us TOKENIZER=x NODE_ENV=production\n'],
});
