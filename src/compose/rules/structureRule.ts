// The four structure rules are one walk (structure.ts) read four ways.
import type { ComposeRuleContext, ComposeRuleFinding } from './rule';
import { rangeOf } from './kit';
import { structureIssues, type StructureIssue } from './structure';

export function structureFindings(context: ComposeRuleContext, kind: StructureIssue['kind']): ComposeRuleFinding[] {
  return structureIssues(context)
    .filter((issue) => issue.kind === kind)
    .map((issue) => ({ range: rangeOf(context, issue.node), message: issue.message }));
}
