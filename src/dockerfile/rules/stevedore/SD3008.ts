// SD3008: the Dockerfile copies the whole build context, but there is no .dockerignore, or it lets
// node_modules, .git or build output through.
import type { Rule } from '../../rule';
import { dockerignoreMatcher } from '../buildkit/CopyIgnoredFile';
import { buildSteps, commandsOf, shippedStages, wholeContextSource } from '../kit';

export const SD3008: Rule = {
  code: 'SD3008',
  source: 'stevedore',
  severity: 'warning',
  summary: '`COPY .` without a .dockerignore that excludes .git, node_modules and build output',
  explanation: [
    '`COPY . .` copies everything in the build context that `.dockerignore` does not exclude: the `.git`',
    'history, a host `node_modules` (possibly built for another OS, and it overwrites the one `npm ci`',
    'made), `target/`, `__pycache__`, local `.env` files. It bloats the image, leaks files, and any change',
    'to them invalidates the build cache.',
    '',
    'Reported on the first whole-context COPY when the context has no `.dockerignore`, or when it does not',
    'exclude `.git`, or `node_modules` (when the Dockerfile runs npm, yarn or pnpm), or `target` (maven,',
    'gradle, cargo), or `__pycache__` (pip), or `dist` (when the Dockerfile builds a JavaScript app into',
    '`dist` itself). Silent when the build context is unknown (text linted without a file).',
    '',
    '```',
    '# .dockerignore',
    '.git',
    'node_modules',
    'dist',
    '*.log',
    '.env',
    '```',
  ].join('\n'),
  check(context) {
    if (context.dockerignore === undefined) return [];
    const copyInstruction = context.instructions.find((instruction) => wholeContextSource(instruction));
    const copy = copyInstruction && wholeContextSource(copyInstruction);
    if (!copyInstruction || !copy) return [];
    // In a build stage they only reach the builder (and its cache keys); in a shipped stage, the image.
    const line = copyInstruction.getRange().start.line;
    const ships = [...shippedStages(context)]
      .some((stage) => stage.instructions.some((i) => i.getRange().start.line === line));
    const where = ships ? 'they go into the image' : 'they are sent to the builder and copied into the build stage';
    if (context.dockerignore === null) {
      return [
        {
          range: copy.range,
          message: `COPY ${copy.value} copies the whole build context, and there is no .dockerignore: .git, node_modules, build output and local secrets ${ships ? 'go into the image' : 'are sent to the builder and copied into the build stage'}, and any change to them breaks the build cache. Add a .dockerignore next to the Dockerfile.`,
        },
      ];
    }
    const names = new Set(context.instructions.filter((i) => i.getKeyword() === 'RUN').flatMap((run) => commandsOf(context, run).map((command) => command.name)));
    const wanted = ['.git'];
    if (names.has('npm') || names.has('yarn') || names.has('pnpm')) wanted.push('node_modules');
    if (names.has('mvn') || names.has('mvnw') || names.has('gradle') || names.has('gradlew') || names.has('cargo')) wanted.push('target');
    if (names.has('pip') || names.has('pip3') || names.has('python') || names.has('python3')) wanted.push('__pycache__');
    // Build output the image builds itself: a stale host copy would be sent and copied over it.
    const builds = context.stages.some((stage) => buildSteps(context, stage).some((step) => /(npm|yarn|pnpm|tsc)/.test(step.label)));
    if (builds && /[\s/]dist(\/|\s|$)/m.test(context.text)) wanted.push('dist');
    const matches = dockerignoreMatcher(context);
    const missing = wanted.filter((entry) => !matches || !matches(entry));
    if (missing.length === 0) return [];
    return [
      {
        range: copy.range,
        message: `COPY ${copy.value} copies the whole build context, and .dockerignore does not exclude ${missing.join(', ')}: ${where}, and any change to them breaks the build cache. Add ${missing.join(', ')} to .dockerignore.`,
      },
    ];
  },
};
