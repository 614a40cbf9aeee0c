// What hadolint's label rules (DL3048-DL3058) share: the properties of a LABEL (or ONBUILD LABEL),
// and the check "every label declared in `label-schema` (of a given type) has a valid value".
import { Label, Onbuild, type Instruction, type Property } from 'dockerfile-ast';
import type { RuleContext, RuleFinding } from '../../rule';

export function labelProperties(instruction: Instruction): Property[] {
  const label = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
  return label instanceof Label ? label.getProperties() : [];
}

/**
 * One finding, on the value, for each `label-schema` label (of `type`, or of any type when
 * undefined) whose value `isValid` rejects.
 */
export function invalidSchemaLabels(
  ctx: RuleContext,
  type: string | undefined,
  isValid: (value: string) => boolean,
  message: (name: string) => string,
): RuleFinding[] {
  const names = Object.entries(ctx.config.labelSchema)
    .filter(([, declared]) => type === undefined || declared.toLowerCase() === type)
    .map(([name]) => name);
  if (names.length === 0) return [];
  const findings: RuleFinding[] = [];
  for (const instruction of ctx.instructionsOf('LABEL', 'ONBUILD')) {
    const properties = labelProperties(instruction);
    if (properties.length === 0) continue;
    for (const name of names) {
      const bad = properties.find((property) => property.getName() === name && !isValid(property.getValue() ?? ''));
      if (bad) findings.push({ range: bad.getValueRange() ?? bad.getNameRange(), message: message(name) });
    }
  }
  return findings;
}
