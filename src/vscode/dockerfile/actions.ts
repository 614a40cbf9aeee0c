// Quick fixes, "fix all", "ignore here / in this file", and hovers with the rule's explanation.
// Every edit comes from the engine (src/dockerfile/fixes.ts), the same code `stevedore lint --fix` runs.
import * as vscode from 'vscode';
import {
  fixUntilStable, ignoreForLineFix, ignoreInFileFix, lint, minimalEdit, ruleByCode, skipCheckFix,
  type Finding, type Fix,
} from '../../dockerfile';
import { diagnosticCode, findingKey, FINDING_SOURCES, toRange, type DockerfileDiagnostics, type LintedText } from './diagnostics';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('stevedore');
export const FIX_ALL_TITLE = 'Fix all auto-fixable problems in this file';
/** Runs after a fix's edit (it does nothing else): the walkthrough's "apply a fix" step completes on it. */
export const FIX_APPLIED_COMMAND = 'stevedore.lint.fixApplied';
const FIX_APPLIED: vscode.Command = { command: FIX_APPLIED_COMMAND, title: 'Fix applied' };

function workspaceEdit(uri: vscode.Uri, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) edit.replace(uri, toRange(change.range), change.newText);
  return edit;
}

/** The text after every safe fix, repeated until stable, as one small edit. */
export function fixAllEdit(document: vscode.TextDocument, linted: LintedText): vscode.WorkspaceEdit | undefined {
  const { config, dockerignore } = linted.inputs;
  const run = fixUntilStable(linted.text, (text) => lint(text, { config, dockerignore }).findings);
  const change = minimalEdit(linted.text, run.text);
  if (!change) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, toRange(change.range), change.newText);
  return edit;
}

export class DockerfileCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: DockerfileDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const linted = this.diagnostics.findingsOf(document);
    if (!linted.inputs.enabled || linted.findings.length === 0) return [];
    const wantsFixAll =
      context.only ? context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only) : false;
    if (
      context.only &&
      !context.only.contains(vscode.CodeActionKind.QuickFix) &&
      !vscode.CodeActionKind.QuickFix.contains(context.only)
    ) {
      // Source actions (editor.codeActionsOnSave, "Source Action..."): only fix-all.
      return wantsFixAll ? this.fixAll(document, linted, FIX_ALL_KIND) : [];
    }

    const byKey = new Map(
      linted.findings.map((finding) => [findingKey(finding.code, toRange(finding.range), finding.message), finding]),
    );
    const actions: vscode.CodeAction[] = [];
    let fixable = 0;
    for (const diagnostic of context.diagnostics) {
      if (!diagnostic.source || !FINDING_SOURCES.has(diagnostic.source)) continue;
      const code = diagnosticCode(diagnostic);
      const finding = code ? byKey.get(findingKey(code, diagnostic.range, diagnostic.message)) : undefined;
      if (!finding) continue;
      if (finding.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document.uri, finding.fix);
        action.command = FIX_APPLIED;
        action.diagnostics = [diagnostic];
        // Each finding carries at most one fix, so it is the one to apply with Ctrl+. / Alt+Shift+.
        action.isPreferred = true;
        actions.push(action);
        fixable++;
      }
      actions.push(...this.ignoreActions(document, linted, finding, diagnostic));
    }
    if (fixable > 0 || (actions.length > 0 && linted.findings.some((finding) => finding.fix))) {
      actions.push(...this.fixAll(document, linted, vscode.CodeActionKind.QuickFix));
    }
    return actions;
  }

  private fixAll(document: vscode.TextDocument, linted: LintedText, kind: vscode.CodeActionKind): vscode.CodeAction[] {
    if (!linted.findings.some((finding) => finding.fix)) return [];
    const edit = fixAllEdit(document, linted);
    if (!edit) return [];
    const action = new vscode.CodeAction(FIX_ALL_TITLE, kind);
    action.edit = edit;
    action.command = FIX_APPLIED;
    return [action];
  }

  private ignoreActions(
    document: vscode.TextDocument,
    linted: LintedText,
    finding: Finding,
    diagnostic: vscode.Diagnostic,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const add = (fix: Fix): void => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = workspaceEdit(document.uri, fix);
      action.diagnostics = [diagnostic];
      actions.push(action);
    };
    // hadolint's pragmas silence every source's codes, unless `disable-ignore-pragma` is set.
    const pragmasWork = !linted.inputs.config.disableIgnorePragma;
    if (finding.code === 'DL1000') return actions;
    // BuildKit can skip a check only for the whole file (`# check=skip=`), never for one line.
    if (finding.source === 'buildkit') {
      add(skipCheckFix(linted.text, finding.code));
      return actions;
    }
    if (pragmasWork) {
      add(ignoreForLineFix(linted.text, finding));
      add(ignoreInFileFix(linted.text, finding.code));
    }
    return actions;
  }
}

/**
 * The explanation's first prose paragraph, on one line. The full text (examples in fenced code)
 * lives on the rule's page; a hover showing it whole was long and rendered cut off.
 */
export function shortExplanation(explanation: string): string {
  const paragraphs = explanation.split(/\r?\n\s*\r?\n/).map((paragraph) => paragraph.trim());
  const prose = paragraphs.find((paragraph) => paragraph.length > 0 && !paragraph.startsWith('```') && !/^(Bad|Good):?$/i.test(paragraph));
  return (prose ?? '').replace(/\s*\r?\n\s*/g, ' ');
}

/** Hover over findings: each finding's message, a short explanation of its rule and a link to the rule's page. */
export class DockerfileHover implements vscode.HoverProvider {
  constructor(private readonly diagnostics: DockerfileDiagnostics) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const linted = this.diagnostics.findingsOf(document);
    const here = linted.findings.filter((finding) => {
      const range = toRange(finding.range);
      // An empty range (a finding about a whole line or file) answers anywhere on its line.
      return range.isEmpty ? range.start.line === position.line : range.contains(position);
    });
    if (here.length === 0) return undefined;
    const markdown = new vscode.MarkdownString();
    here.forEach((finding, i) => {
      if (i > 0) markdown.appendMarkdown('\n\n---\n\n');
      const rule = ruleByCode(finding.code);
      markdown.appendMarkdown(`**${finding.code}** `).appendText(`(${finding.source}, ${finding.severity}): ${finding.message}`);
      const explanation = rule?.explanation ? shortExplanation(rule.explanation) : '';
      if (explanation) markdown.appendMarkdown(`\n\n${explanation}`);
      if (finding.docUrl) markdown.appendMarkdown(`\n\n[Rule ${finding.code}](${finding.docUrl})`);
      if (finding.fix) markdown.appendMarkdown('\n\n').appendText(`Quick fix: ${finding.fix.title}`);
    });
    const range = here.map((finding) => toRange(finding.range)).reduce((a, b) => a.intersection(b) ?? a);
    return new vscode.Hover(markdown, range);
  }
}
