// BuildKit's UndefinedArgInFrom: FROM (image or --platform) uses an ARG no global ARG declares.
import type { Rule, RuleFinding } from '../../rule';
import {
  flagOf, globalArgs, imageWord, offsetOf, PLATFORM_ARGS, rangeOfOffsets, suggestName, textOf, variableUses,
} from '../kit';

export const UndefinedArgInFrom: Rule = {
  code: 'UndefinedArgInFrom',
  source: 'buildkit',
  severity: 'warning',
  summary: 'FROM command must use declared ARGs',
  explanation: [
    'A `FROM` can only use ARGs declared before the first `FROM` (global ARGs) and the predefined platform',
    'ARGs (`BUILDPLATFORM`, `TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, ...). Anything else expands to an',
    'empty string, usually a typo. The message suggests the closest declared name, as BuildKit does.',
    '',
    '```dockerfile',
    '# Bad',
    'ARG VERSION=20',
    'FROM node:${VERSON}',
    '# Good',
    'ARG VERSION=20',
    'FROM node:${VERSION}',
    '```',
  ].join('\n'),
  check(context) {
    const declared = new Set([...globalArgs(context).keys(), ...Object.keys(PLATFORM_ARGS)]);
    const escape = context.dockerfile.getEscapeCharacter();
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const from = stage.from;
      const ranges = [imageWord(context, from)?.range, flagOf(from, 'platform')?.getValueRange() ?? undefined];
      for (const range of ranges) {
        if (!range) continue;
        const base = offsetOf(context, range.start);
        const reported = new Set<string>();
        for (const use of variableUses(textOf(context, range), escape)) {
          if (declared.has(use.name) || reported.has(use.name)) continue;
          reported.add(use.name);
          const suggestion = suggestName(use.name, declared);
          findings.push({
            range: rangeOfOffsets(context, base + use.start, base + use.end),
            message: `FROM argument '${use.name}' is not declared${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
          });
        }
      }
    }
    return findings;
  },
};
