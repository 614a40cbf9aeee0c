// Links from a service's `build:` (or `build.dockerfile`) to its Dockerfile, with that Dockerfile's
// finding count in the tooltip, counted by the Dockerfile engine with the same inputs as its editor.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { ComposeEntry, ComposeNode } from '../../compose';
import { lint, type Finding } from '../../dockerfile';
import { LintInputCache } from '../dockerfile/settings';
import type { ServiceEntries } from './live';

/** Dockerfiles larger than this are linked without a count (no Dockerfile is; reading one must stay cheap). */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

function scalar(node: ComposeNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

function entry(node: ComposeNode | undefined, key: string): ComposeEntry | undefined {
  return node?.kind === 'map' ? node.entries.find((candidate) => candidate.key === key) : undefined;
}

/** "3 findings (1 error, 2 warnings)", "no findings". */
export function findingCount(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const by = (severity: string): number => findings.filter((finding) => finding.severity === severity).length;
  const parts = [
    [by('error'), 'error'], [by('warning'), 'warning'], [by('info') + by('style'), 'info'],
  ].filter(([count]) => (count as number) > 0).map(([count, word]) => `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}

export class ComposeDockerfileLinks implements vscode.DocumentLinkProvider {
  readonly inputs = new LintInputCache();

  constructor(private readonly entries: ServiceEntries) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    try {
      return this.links(document);
    } catch (error) {
      console.error(`Stevedore: the compose file's links failed: ${error instanceof Error ? error.stack : String(error)}`);
      return [];
    }
  }

  private links(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (document.uri.scheme !== 'file') return [];
    const folder = dirname(document.uri.fsPath);
    const links: vscode.DocumentLink[] = [];
    for (const service of this.entries.of(document)) {
      const build = entry(service.value, 'build');
      if (!build) continue;
      // `build: ./dir` or `build: { context: ./dir, dockerfile: Dockerfile.prod }`.
      const contextNode = build.value.kind === 'scalar' ? build.value : entry(build.value, 'context')?.value;
      const dockerfileNode = entry(build.value, 'dockerfile')?.value;
      const context = scalar(contextNode) ?? (build.value.kind === 'map' ? '.' : undefined);
      if (context === undefined || context.includes('$') || /^[a-z]+:\/\/|^git@/i.test(context)) continue;
      const dockerfile = scalar(dockerfileNode) ?? 'Dockerfile';
      if (dockerfile.includes('$')) continue;
      const root = isAbsolute(context) ? context : join(folder, context);
      const path = isAbsolute(dockerfile) ? dockerfile : join(root, dockerfile);
      const anchor = dockerfileNode?.kind === 'scalar' ? dockerfileNode : contextNode?.kind === 'scalar' ? contextNode : undefined;
      if (!anchor) continue;
      const { start, end } = anchor.span.range;
      const range = new vscode.Range(start.line, start.character, end.line, end.character);
      const link = new vscode.DocumentLink(range, vscode.Uri.file(path));
      link.tooltip = this.tooltip(path);
      links.push(link);
    }
    return links;
  }

  private tooltip(path: string): string {
    const uri = vscode.Uri.file(path);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      try {
        if (statSync(path).size > MAX_DOCKERFILE_BYTES) return `Open ${path}`;
        text = readFileSync(path, 'utf8');
      } catch {
        return `${path} does not exist yet`;
      }
    }
    const inputs = this.inputs.inputsFor(uri);
    if (!inputs.enabled) return `Open ${path}`;
    const { findings } = lint(text, { config: inputs.config, dockerignore: inputs.dockerignore });
    return `Open the Dockerfile: ${findingCount(findings)}`;
  }
}
