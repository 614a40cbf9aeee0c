// BuildKit's InvalidDefaultArgInFrom: with only the ARG defaults, FROM names no valid image.
import type { Rule, RuleFinding } from '../../rule';
import { expandWord, globalArgs, imageWord, isValidImageReference, PLATFORM_ARGS } from '../kit';

export const InvalidDefaultArgInFrom: Rule = {
  code: 'InvalidDefaultArgInFrom',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Default value for global ARG results in an empty or invalid base image name',
  explanation: [
    'A `FROM` built from ARGs should still name a valid image when nobody passes `--build-arg`: otherwise',
    'a plain `docker build .` fails, and tools that read the Dockerfile cannot tell which image it uses.',
    'The check expands the base image with the defaults of the global ARGs (and the platform ARGs of a',
    'linux/amd64 build) and validates it with Docker\'s image reference grammar.',
    '',
    '```dockerfile',
    '# Bad',
    'ARG TAG',
    'FROM busybox:${TAG}',
    '# Good',
    'ARG TAG=latest',
    'FROM busybox:${TAG}',
    '# Good too: the default makes an empty tag go away',
    'ARG TAG',
    'FROM busybox:${TAG:-latest}',
    '```',
  ].join('\n'),
  check(context) {
    const defaults = globalArgs(context);
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const image = imageWord(context, stage.from);
      if (!image || !image.value.includes('$')) continue;
      const expanded = expandWord(
        image.value,
        (name) => (defaults.has(name) ? defaults.get(name) : PLATFORM_ARGS[name]),
      );
      if (isValidImageReference(expanded)) continue;
      findings.push({
        range: image.range,
        message: `Default value for ARG ${image.value} results in empty or invalid base image name`,
      });
    }
    return findings;
  },
};
