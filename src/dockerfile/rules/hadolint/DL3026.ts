import type { Rule, RuleFinding } from '../../rule';
import { flagsOf, fromParts, parseImageRef, runMounts } from '../kit';

/** `*` allows all, `*.example.com` any sub-domain, anything else exactly that registry. */
/** hadolint's matchRegistry: `*` is any registry, `*.corp.example` a suffix, `registry.*` a prefix. */
function allowed(registry: string, trusted: readonly string[]): boolean {
  return trusted.some((pattern) =>
    pattern === '*' ||
    pattern === registry ||
    (pattern.startsWith('*') && registry.endsWith(pattern.slice(1))) ||
    (pattern.endsWith('*') && registry.startsWith(pattern.slice(0, -1))));
}

/** An image reference that must come from a trusted registry: not scratch, a stage, an index or a variable. */
function untrusted(reference: string, aliases: ReadonlySet<string>, trusted: readonly string[]): boolean {
  const name = reference.toLowerCase();
  if (name === 'scratch' || name.includes('$') || aliases.has(name) || /^[0-9]+$/.test(name)) return false;
  const { registry } = parseImageRef(reference);
  return !(registry ? allowed(registry, trusted) : allowed('docker.io', trusted) || allowed('hub.docker.com', trusted));
}

export const DL3026: Rule = {
  code: 'DL3026',
  source: 'hadolint',
  severity: 'error',
  summary: 'Use only an allowed registry in the FROM image',
  explanation: `Organisations often allow base images only from registries they trust (scanned, mirrored, signed).
This rule is active when \`trustedRegistries\` is set in \`.hadolint.yaml\`.

\`\`\`yaml
trustedRegistries:
  - docker.io
  - "*.mycorp.example"
\`\`\`

Bad (with the configuration above):
\`\`\`dockerfile
FROM quay.io/prometheus/node-exporter:v1.8.2
\`\`\`

Good:
\`\`\`dockerfile
FROM registry.mycorp.example/mirror/node-exporter:v1.8.2
\`\`\`

Images without a registry are Docker Hub's and pass when \`docker.io\` or \`hub.docker.com\` is
trusted; \`scratch\` and earlier stage names always pass; \`*\` trusts everything, \`*.corp.example\` any
registry ending so and \`registry.*\` any starting so. Images named by \`COPY --from=\` and by \`RUN\`
cache or bind mounts (\`--mount=type=bind,from=...\`) are checked too. No automatic fix.`,
  check(ctx) {
    const trusted = ctx.config.trustedRegistries;
    if (trusted.length === 0) return [];
    const findings: RuleFinding[] = [];
    const aliases = new Set<string>();
    for (const instruction of ctx.instructionsOf('FROM', 'COPY', 'RUN')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        const { image, alias } = fromParts(ctx, instruction);
        if (image && untrusted(image.value, aliases, trusted)) findings.push({ range: image.range });
        if (alias) aliases.add(alias.value.toLowerCase());
      } else if (keyword === 'COPY') {
        const from = flagsOf(instruction).find((flag) => flag.name.toLowerCase() === 'from');
        if (from?.value && untrusted(from.value, aliases, trusted)) findings.push({ range: from.range });
      } else if (keyword === 'RUN') {
        // As hadolint: a cache or bind mount may read from an image too (`--mount=type=bind,from=img,...`).
        const mount = runMounts(instruction).find((candidate) => {
          const from = candidate.options.get('from');
          return (candidate.type === 'cache' || candidate.type === 'bind') && from && untrusted(from, aliases, trusted);
        });
        if (mount) findings.push({ range: mount.range });
      }
    }
    return findings;
  },
};
