import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 timestamp (`2024-05-01T12:00:00Z`, `2021-03-10T10:26:33.56+01:00`) with real dates and times. */
function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[9] === undefined || (Number(match[9]) < 24 && Number(match[10]) < 60);
  const dateOk = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  return dateOk && hour < 24 && minute < 60 && second <= 60 && offsetOk;
}

export const DL3053: Rule = {
  code: 'DL3053',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Label `<label>` is not a valid time format - must be conform to RFC3339.',
  explanation: `Reported for labels typed \`rfc3339\` under \`label-schema\` in \`.hadolint.yaml\`: the value must be an
RFC 3339 timestamp such as \`2024-05-01T12:00:00Z\`, the format \`org.opencontainers.image.created\`
is defined with.

Bad (with \`label-schema: { org.opencontainers.image.created: rfc3339 }\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.created="May 1st 2024"
\`\`\`

Good:
\`\`\`dockerfile
ARG CREATED
LABEL org.opencontainers.image.created="\${CREATED}"
\`\`\`
built with \`--build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)\`.

**Fix:** write the time as \`YYYY-MM-DDTHH:MM:SSZ\` (or with an offset such as \`+02:00\`).`,
  check(ctx) {
    return invalidSchemaLabels(ctx, 'rfc3339', isRfc3339, (name) => `Label \`${name}\` is not a valid time format - must be conform to RFC3339.`);
  },
};
