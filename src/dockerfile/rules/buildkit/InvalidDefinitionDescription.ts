// BuildKit's InvalidDefinitionDescription (experimental): the comment right above a named FROM or an
// ARG is read as its description by `docker build --call=outline`, so it should start with the name.
import type { LintContext } from '../../context';
import { commentBlock, directiveLineCount } from '../../pragmas';
import type { Rule, RuleFinding } from '../../rule';
import { argProperties, fromParts } from '../kit';

export const InvalidDefinitionDescription: Rule = {
  code: 'InvalidDefinitionDescription',
  source: 'buildkit',
  severity: 'warning',
  experimental: true,
  summary:
    'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
  explanation: [
    '`docker build --call=outline` and `--call=targets` show the comment right above a `FROM ... AS name`',
    'or an `ARG` as the description of that stage or argument, when the comment starts with its name.',
    'A comment above them that does not is probably not meant as a description.',
    '',
    '```dockerfile',
    '# Bad',
    '# the compiler',
    'FROM golang:1.23 AS build',
    '# Good',
    '# build compiles the server',
    'FROM golang:1.23 AS build',
    '# VERSION is the release to package',
    'ARG VERSION=1.0',
    '```',
    '',
    'Experimental in BuildKit, so off unless `# check=experimental=InvalidDefinitionDescription` (or `all`)',
    'turns it on, at the top of the file or right above one instruction. As in BuildKit, the comments',
    'since the previous instruction count (blank lines between do not separate them); an empty `#` line',
    'does. Names are compared exactly; stage names in lower case, as BuildKit stores them.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    const commentLines = (context as Partial<LintContext>).commentLines ?? [];
    if (commentLines.length === 0) return findings;
    const directives = directiveLineCount(context.lines);
    let previousEnd = -1;
    for (const instruction of context.instructions) {
      const range = instruction.getRange();
      const after = previousEnd;
      previousEnd = range.end.line;
      const keyword = instruction.getKeyword();
      let names: string[] = [];
      if (keyword === 'FROM') {
        const alias = fromParts(context, instruction).alias?.value;
        if (alias) names = [alias.toLowerCase()];
      } else if (keyword === 'ARG') {
        names = argProperties(instruction).map((property) => property.getName());
      }
      if (names.length === 0) continue;
      const block = commentBlock(context.lines, commentLines, after, range.start.line, directives);
      if (block.length === 0) continue;
      const firstWord = block[block.length - 1].split(' ')[0];
      if (names.includes(firstWord)) continue;
      const example = names.length > 1 ? '<arg_key>' : names[0];
      findings.push({ range, message: `Comment for ${keyword} should follow the format: \`# ${example} <description>\`` });
    }
    return findings;
  },
};
