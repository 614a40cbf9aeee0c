// `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import { composeRuleByCode } from '../../compose';
import { ruleByCode, type Severity } from '../../dockerfile';
import { reportPath, type FileResult } from './fileResult';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  style: 'note',
};

function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  // Code scanning wants paths relative to the repository root, with forward slashes.
  return reportPath(file);
}

export function formatSarif(results: readonly FileResult[]): string {
  const ruleIndex = new Map<string, number>();
  const rules: object[] = [];
  const sarifResults: object[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      let index = ruleIndex.get(finding.code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(finding.code, index);
        // Compose codes (SDCxxxx) are not in the Dockerfile table; their texts come from src/compose.
        const rule = ruleByCode(finding.code) ?? composeRuleByCode(finding.code);
        rules.push({
          id: finding.code,
          name: finding.code,
          shortDescription: { text: rule?.summary ?? finding.message },
          ...(rule
            ? { fullDescription: { text: rule.summary }, help: { text: rule.summary, markdown: rule.explanation } }
            : {}),
          helpUri: finding.docUrl,
          defaultConfiguration: { level: SARIF_LEVEL[rule?.severity ?? finding.severity] },
          properties: { tags: [finding.source] },
        });
      }
      const { start, end } = finding.range;
      sarifResults.push({
        ruleId: finding.code,
        ruleIndex: index,
        level: SARIF_LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(result.file) },
              region: {
                startLine: start.line + 1,
                startColumn: start.character + 1,
                endLine: end.line + 1,
                // SARIF's endColumn is exclusive: one past the last character, as our range end is.
                endColumn: Math.max(end.character + 1, end.line === start.line ? start.character + 2 : 1),
              },
            },
          },
        ],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Stevedore',
            fullName: 'Stevedore Dockerfile and Compose linter (hadolint rules, BuildKit checks, size and speed rules, Compose rules)',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/hadolint/hadolint',
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
