import { Onbuild } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

export const DL4001: Rule = {
  code: 'DL4001',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Either use Wget or Curl but not both.',
  explanation: `Two download tools in one image is one more package to install, patch and ship than needed. Pick
one per stage: \`curl\` or \`wget\`.

Bad:
\`\`\`dockerfile
FROM debian:12
RUN wget -q https://example.com/a.tar.gz
RUN curl -fsSLO https://example.com/b.tar.gz
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
RUN curl -fsSLO https://example.com/a.tar.gz && curl -fsSLO https://example.com/b.tar.gz
\`\`\`

**Fix:** rewrite the downloads with one tool (\`wget -O file URL\` is \`curl -fsSL -o file URL\`).`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    // Per stage, and (as hadolint) separately for ONBUILD triggers.
    let used = new Set<string>();
    let usedOnBuild = new Set<string>();
    for (const instruction of ctx.instructionsOf('FROM', 'RUN', 'ONBUILD')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        used = new Set();
        usedOnBuild = new Set();
        continue;
      }
      if (keyword !== 'RUN' && !(instruction instanceof Onbuild)) continue;
      const tools = ctx.shell(instruction).commands.filter((c) => c.name === 'curl' || c.name === 'wget');
      if (tools.length === 0) continue;
      const seen = instruction instanceof Onbuild ? usedOnBuild : used;
      for (const tool of tools) seen.add(tool.name);
      if (seen.size >= 2) findings.push({ range: tools[0].nameRange });
    }
    return findings;
  },
};
