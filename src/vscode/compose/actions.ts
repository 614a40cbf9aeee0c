// Quick fixes on compose files: the finding's own edit (from the engine, src/compose/rules, the same
// edit `stevedore lint --fix` writes), "fix all", and `# stevedore ignore=` for a line.
import * as vscode from 'vscode';
import { lintCompose } from '../../compose';
import { fixUntilStable, minimalEdit, type Finding, type Fix } from '../../dockerfile';
import { diagnosticCode, findingKey, toRange } from '../dockerfile/diagnostics';
import { FIX_ALL_KIND, FIX_ALL_TITLE, FIX_APPLIED_COMMAND } from '../dockerfile/actions';
import type { ComposeDiagnostics, LintedCompose } from './diagnostics';

const FIX_APPLIED: vscode.Command = { command: FIX_APPLIED_COMMAND, title: 'Fix applied' };

function workspaceEdit(uri: vscode.Uri, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) edit.replace(uri, toRange(change.range), change.newText);
  return edit;
}

/** `# stevedore ignore=CODE` on a line of its own above the finding's (or the code added to one already there). */
export function composeIgnoreLineFix(text: string, finding: Pick<Finding, 'code' | 'range'>): Fix {
  const lines = text.split(/\r?\n/);
  const line = Math.min(finding.range.start.line, lines.length - 1);
  const title = `Ignore ${finding.code} for this line`;
  const above = line > 0 ? lines[line - 1] : undefined;
  const existing = above !== undefined ? /^(\s*#\s*stevedore\s+ignore\s*=\s*)([A-Za-z0-9_,\s-]*?)(\s*)$/.exec(above) : null;
  if (existing) {
    const codes = existing[2].split(',').map((code) => code.trim()).filter(Boolean);
    if (!codes.includes(finding.code)) codes.push(finding.code);
    return { title, edits: [{ range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: above!.length } }, newText: `${existing[1]}${codes.join(',')}` }] };
  }
  const indent = /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = { line, character: 0 };
  return { title, edits: [{ range: { start: at, end: at }, newText: `${indent}# stevedore ignore=${finding.code}${eol}` }] };
}

export class ComposeCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: ComposeDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const linted = this.diagnostics.findingsOf(document);
    if (!linted.inputs.enabled || linted.findings.length === 0) return [];
    const { QuickFix } = vscode.CodeActionKind;
    const quickFixes = !context.only || context.only.contains(QuickFix) || QuickFix.contains(context.only);
    if (!quickFixes) {
      const wantsFixAll = context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only);
      return wantsFixAll ? this.fixAll(document, linted, FIX_ALL_KIND) : [];
    }
    const keyOf = (finding: Finding): string => findingKey(finding.code, toRange(finding.range), finding.message);
    const byKey = new Map(linted.findings.map((finding) => [keyOf(finding), finding]));
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'stevedore') continue;
      const code = diagnosticCode(diagnostic);
      const finding = code ? byKey.get(findingKey(code, diagnostic.range, diagnostic.message)) : undefined;
      if (!finding) continue;
      if (finding.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document.uri, finding.fix);
        action.command = FIX_APPLIED;
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      if (finding.code !== 'SDC1000') {
        const ignore = composeIgnoreLineFix(linted.text, finding);
        const action = new vscode.CodeAction(ignore.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document.uri, ignore);
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    if (actions.length > 0) actions.push(...this.fixAll(document, linted, vscode.CodeActionKind.QuickFix));
    return actions;
  }

  /** Every safe fix, repeated until stable (a fix can move another's lines), as one small edit. */
  private fixAll(
    document: vscode.TextDocument, linted: LintedCompose, kind: vscode.CodeActionKind,
  ): vscode.CodeAction[] {
    if (!linted.findings.some((finding) => finding.fix)) return [];
    const { config, headroom, observations } = linted.inputs;
    const run = fixUntilStable(linted.text, (text) => lintCompose(text, { config, headroom, observations }).findings);
    const change = minimalEdit(linted.text, run.text);
    if (!change) return [];
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, toRange(change.range), change.newText);
    const action = new vscode.CodeAction(FIX_ALL_TITLE, kind);
    action.edit = edit;
    action.command = FIX_APPLIED;
    return [action];
  }
}
