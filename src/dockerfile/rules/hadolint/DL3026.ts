import type { Rule, RuleFinding } from '../../rule';
import { fromParts, parseImageRef } from '../kit';

/** `*` allows all, `*.example.com` any sub-domain, anything else exactly that registry. */
function allowed(registry: string, trusted: readonly string[]): boolean {
  return trusted.some((pattern) => pattern === '*' || pattern === registry || (pattern.startsWith('*.') && registry.endsWith(pattern.slice(1))));
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
trusted; \`scratch\` and earlier stage names always pass; \`*\` trusts everything. No automatic fix.`,
  check(ctx) {
    const trusted = ctx.config.trustedRegistries;
    if (trusted.length === 0) return [];
    const findings: RuleFinding[] = [];
    const aliases = new Set<string>();
    for (const stage of ctx.stages) {
      const { image, alias } = fromParts(ctx, stage.from);
      if (image && image.value !== 'scratch' && !image.value.includes('$') && !aliases.has(image.value.toLowerCase())) {
        const { registry } = parseImageRef(image.value);
        const ok = registry ? allowed(registry, trusted) : allowed('docker.io', trusted) || allowed('hub.docker.com', trusted);
        if (!ok) findings.push({ range: image.range });
      }
      if (alias) aliases.add(alias.value.toLowerCase());
    }
    return findings;
  },
};
