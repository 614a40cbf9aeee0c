import { Arg, Env, type Property } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';
import type { Range } from '../../types';

const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * The names `text` refers to as `$name` or `${name}`: after `$`, the whole run of name characters
 * (`$AB` refers to AB, not A). One pass over the text, so an ENV of thousands of pairs stays linear.
 */
function referencedNames(text: string, found: (name: string) => void): void {
  for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', at + 1)) {
    const braced = text.charAt(at + 1) === '{';
    const start = at + (braced ? 2 : 1);
    let end = start;
    while (end < text.length && NAME_CHAR.test(text.charAt(end))) end++;
    if (end === start || (braced && text.charAt(end) !== '}')) continue;
    found(text.slice(start, end));
  }
}

/** Where `$name` / `${name}` is written in the property's value, else the whole value. */
function referenceRange(lines: readonly string[], property: Property, name: string): Range {
  const value = property.getValueRange() ?? property.getRange();
  if (value.start.line === value.end.line) {
    const text = lines[value.start.line].slice(value.start.character, value.end.character);
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`\\$(?:\\{${escaped}\\}|${escaped}(?![A-Za-z0-9_]))`).exec(text);
    if (match) {
      const character = value.start.character + match.index;
      const line = value.start.line;
      return { start: { line, character }, end: { line, character: character + match[0].length } };
    }
  }
  return value;
}

export const DL3044: Rule = {
  code: 'DL3044',
  source: 'hadolint',
  severity: 'error',
  summary: 'Do not refer to an environment variable within the same `ENV` statement where it is defined.',
  explanation: `All the values of one \`ENV\` instruction are expanded before any of its variables is set, so a
reference to a variable defined in the same instruction sees its OLD value (usually empty), not the
one written next to it.

Bad:
\`\`\`dockerfile
ENV APP_HOME=/opt/app APP_BIN=\${APP_HOME}/bin
\`\`\`
(\`APP_BIN\` becomes \`/bin\`.)

Good:
\`\`\`dockerfile
ENV APP_HOME=/opt/app
ENV APP_BIN=\${APP_HOME}/bin
\`\`\`

**Fix:** split the instruction so that the variable is defined in an earlier \`ENV\`. A reference to a
variable already defined by an earlier \`ENV\` or \`ARG\` (such as \`ENV PATH=/opt/bin:\${PATH}\`) is fine.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const defined = new Set<string>();
    for (const instruction of ctx.instructionsOf('ARG', 'ENV')) {
      if (instruction instanceof Arg) {
        const name = instruction.getProperty()?.getName();
        if (name) defined.add(name);
        continue;
      }
      if (!(instruction instanceof Env)) continue;
      const properties = instruction.getProperties();
      // name -> the first two properties whose values refer to it (a property may refer to its own old value).
      const referrers = new Map<string, number[]>();
      properties.forEach((property, index) =>
        referencedNames(property.getValue() ?? '', (name) => {
          const list = referrers.get(name);
          if (!list) referrers.set(name, [index]);
          else if (list.length < 2 && list[list.length - 1] !== index) list.push(index);
        }),
      );
      let offending: { property: Property; name: string } | undefined;
      for (let index = 0; index < properties.length && !offending; index++) {
        const name = properties[index].getName();
        if (defined.has(name)) continue;
        const other = referrers.get(name)?.find((referrer) => referrer !== index);
        if (other !== undefined) offending = { property: properties[other], name };
      }
      if (offending) findings.push({ range: referenceRange(ctx.lines, offending.property, offending.name) });
      for (const property of properties) defined.add(property.getName());
    }
    return findings;
  },
};
