// BuildKit's FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins every build to one platform.
import type { Rule, RuleFinding } from '../../rule';
import { parsePlatform, platformFlags } from '../kit';

export const FromPlatformFlagConstDisallowed: Rule = {
  code: 'FromPlatformFlagConstDisallowed',
  source: 'buildkit',
  severity: 'warning',
  summary: 'FROM --platform flag should not use a constant value',
  explanation: [
    'A constant `--platform` makes the stage ignore `docker build --platform` and multi-platform builds:',
    'an arm64 build silently gets amd64 binaries (and runs them under emulation). Use `$BUILDPLATFORM` for',
    'stages that cross-compile, or leave the flag out. Like BuildKit, a stage whose name mentions the',
    'platform\'s OS or architecture (`AS build-amd64`) is taken as deliberate, and so is a value using',
    'variables. hadolint\'s DL3029 forbids `--platform` altogether.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM --platform=linux/amd64 golang:1.23 AS build',
    '# Good',
    'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { stage, flag, value } of platformFlags(context)) {
      if (!value || value.includes('$')) continue;
      const platform = parsePlatform(value);
      if (!platform) continue;
      const name = stage.name ?? '';
      if (name.includes(platform.os) || name.includes(platform.architecture)) continue;
      findings.push({
        range: flag.getValueRange() ?? flag.getRange(),
        message: `FROM --platform flag should not use constant value "${value}"`,
      });
    }
    return findings;
  },
};
