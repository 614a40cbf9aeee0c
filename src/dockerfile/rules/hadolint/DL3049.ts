import { Copy, Label, type Instruction } from 'dockerfile-ast';
import type { Rule, RuleFinding, Stage } from '../../rule';

/** `node:20-slim`, `repo/img@sha256:..` -> `node`, `repo/img`: how hadolint names a stage that has no alias. */
function imageName(baseImage: string): string {
  const name = baseImage.split('@')[0];
  const colon = name.lastIndexOf(':');
  return (colon > name.lastIndexOf('/') ? name.slice(0, colon) : name).toLowerCase();
}

interface StageFacts {
  from: Instruction;
  /** How later stages refer to it: `FROM <alias>` and `COPY --from=<alias>`. */
  alias?: string;
  /** The image it starts from, without tag (what hadolint names an unaliased stage by). */
  image: string;
  /** Label names its own LABEL instructions set. */
  labels: Set<string>;
  /** A later stage copies from it (`COPY --from`): as hadolint, its labels are not required. */
  copiedFrom: boolean;
}

/** One pass over the stages, shared by every label of the schema. */
function stageFacts(stages: readonly Stage[]): StageFacts[] {
  const facts: StageFacts[] = [];
  for (const stage of stages) {
    const current: StageFacts = {
      from: stage.from, alias: stage.name, image: imageName(stage.baseImage), labels: new Set(), copiedFrom: false,
    };
    facts.push(current);
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'LABEL' && instruction instanceof Label) {
        for (const property of instruction.getProperties()) current.labels.add(property.getName());
      } else if (keyword === 'COPY' && instruction instanceof Copy) {
        const source = instruction.getFromFlag()?.getValue()?.toLowerCase();
        for (const earlier of facts) if (source && earlier.alias === source) earlier.copiedFrom = true;
      }
    }
  }
  return facts;
}

/**
 * The stages missing `label`: not set in the stage, nor in the earlier stage it is built FROM. As
 * hadolint, a stage is excused when an unnamed later stage built FROM it sets the label itself (the
 * image that ships is that one).
 */
function missing(facts: readonly StageFacts[], label: string): StageFacts[] {
  const labelled = new Set<string>();
  const excused = new Set<string>();
  for (const stage of facts) if (stage.alias === undefined && stage.labels.has(label)) excused.add(stage.image);
  const result: StageFacts[] = [];
  facts.forEach((stage, index) => {
    const has = stage.labels.has(label) || labelled.has(stage.image);
    if (has && stage.alias !== undefined) labelled.add(stage.alias);
    const excusedByChild = stage.alias !== undefined && excused.has(stage.alias) &&
      facts.slice(index + 1)
        .some((later) => later.alias === undefined && later.image === stage.alias && later.labels.has(label));
    if (!has && !stage.copiedFrom && !excusedByChild) result.push(stage);
  });
  return result;
}

export const DL3049: Rule = {
  code: 'DL3049',
  source: 'hadolint',
  severity: 'info',
  summary: 'Label `<label>` is missing.',
  explanation: `Reported for labels listed under \`label-schema\` in \`.hadolint.yaml\`: each stage that produces an
image must set every label of the schema (directly, or by building on a stage that does). Stages
used only as \`COPY --from\` sources are not reported.

Bad (with \`label-schema: { org.opencontainers.image.source: url }\`):
\`\`\`dockerfile
FROM node:20-slim
CMD ["node", "server.js"]
\`\`\`

Good:
\`\`\`dockerfile
FROM node:20-slim
LABEL org.opencontainers.image.source="https://github.com/example/api"
CMD ["node", "server.js"]
\`\`\`

**Fix:** add the label to the stage (the finding is on its \`FROM\`).`,
  check(ctx) {
    const labels = Object.keys(ctx.config.labelSchema);
    if (labels.length === 0) return [];
    const facts = stageFacts(ctx.stages);
    const findings: RuleFinding[] = [];
    for (const label of labels) {
      for (const stage of missing(facts, label)) findings.push({ range: stage.from.getRange(), message: `Label \`${label}\` is missing.` });
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line);
    return findings;
  },
};
