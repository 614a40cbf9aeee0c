import { Arg, Env, type Property } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';
import type { Range } from '../../types';

/** `$name` or `${name}` in `text`, where `$name` is not the start of a longer name. */
function refersTo(text: string, name: string): boolean {
  if (text.includes('${' + name + '}')) return true;
  const bare = '$' + name;
  for (let at = text.indexOf(bare); at >= 0; at = text.indexOf(bare, at + 1)) {
    if (!/[A-Za-z0-9_]/.test(text.charAt(at + bare.length))) return true;
  }
  return false;
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
      return { start: { line: value.start.line, character }, end: { line: value.start.line, character: character + match[0].length } };
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
    for (const instruction of ctx.instructions) {
      if (instruction instanceof Arg) {
        const name = instruction.getProperty()?.getName();
        if (name) defined.add(name);
        continue;
      }
      if (!(instruction instanceof Env)) continue;
      const properties = instruction.getProperties();
      let offending: { property: Property; name: string } | undefined;
      properties.forEach((property, index) => {
        const name = property.getName();
        if (offending || defined.has(name)) return;
        const other = properties.find((candidate, otherIndex) => otherIndex !== index && refersTo(candidate.getValue() ?? '', name));
        if (other) offending = { property: other, name };
      });
      if (offending) findings.push({ range: referenceRange(ctx.lines, offending.property, offending.name) });
      for (const property of properties) defined.add(property.getName());
    }
    return findings;
  },
};
