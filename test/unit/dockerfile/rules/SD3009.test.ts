import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3009', {
  flags: [
    { dockerfile: 'FROM alpine\nENV GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n', range: { start: { line: 1, character: 7 }, end: { line: 1, character: 47 } }, message: /looks like a GitHub token/ },
    { dockerfile: 'FROM alpine\nENV DATABASE_URL=postgres://app:s3cr3t@db:5432/app\n', message: /a URL with a password/ },
    { dockerfile: 'FROM alpine\nARG AWS_ID=AKIAIOSFODNN7EXAMPLE\n', message: /an AWS access key/ },
  ],
  passes: [
    ...wellBuiltCases,
    // Docker's SecretsUsedInArgOrEnv already reports this name: one finding per variable.
    'FROM alpine\nENV GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n',
    'FROM alpine\nENV DATABASE_URL=postgres://app:${DB_PASS}@db/app\n',
    'FROM alpine\nENV NODE_ENV=production HOME=/home/app\n',
  ],
});
