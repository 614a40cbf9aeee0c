// BuildKit's InvalidBaseImagePlatform, as far as it can be known without pulling the image: a
// per-architecture Docker Hub namespace (arm64v8/, amd64/, ...) or a Windows-only tag that does
// not match a constant FROM --platform.
import type { Rule, RuleFinding } from '../../rule';
import { flagOf, formatPlatform, imageWord, parsePlatform, type Platform } from '../kit';

/** Docker Hub's per-architecture namespaces of the official images. */
const ARCH_NAMESPACES: Readonly<Record<string, Platform>> = {
  amd64: { os: 'linux', architecture: 'amd64' },
  arm32v5: { os: 'linux', architecture: 'arm', variant: 'v5' },
  arm32v6: { os: 'linux', architecture: 'arm', variant: 'v6' },
  arm32v7: { os: 'linux', architecture: 'arm', variant: 'v7' },
  arm64v8: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  i386: { os: 'linux', architecture: '386' },
  mips64le: { os: 'linux', architecture: 'mips64le' },
  ppc64le: { os: 'linux', architecture: 'ppc64le' },
  riscv64: { os: 'linux', architecture: 'riscv64' },
  s390x: { os: 'linux', architecture: 's390x' },
  'winamd64': { os: 'windows', architecture: 'amd64' },
};

/** The platform an image reference pins by its name alone, if any. */
function platformOfImage(image: string): { platform: Partial<Platform>; why: string } | undefined {
  const withoutRegistry = image.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  const namespace = withoutRegistry.split('/')[0];
  if (withoutRegistry.includes('/') && ARCH_NAMESPACES[namespace]) {
    return { platform: ARCH_NAMESPACES[namespace], why: `its ${namespace}/ namespace` };
  }
  if (/(^|[-:/])(nanoserver|windowsservercore|servercore)([-:/]|$)/.test(withoutRegistry.toLowerCase())) {
    return { platform: { os: 'windows' }, why: 'its Windows Server Core / Nano Server tag' };
  }
  return undefined;
}

export const InvalidBaseImagePlatform: Rule = {
  code: 'InvalidBaseImagePlatform',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Base image platform does not match expected target platform',
  explanation: [
    'BuildKit reports this after pulling the base image\'s metadata, when the image has no variant for',
    'the platform the stage is built for. **Stevedore lints without an engine or network**, so it reports',
    'only what the Dockerfile itself shows:',
    '',
    '- a per-architecture Docker Hub namespace (`arm64v8/alpine`, `amd64/node`, `arm32v7/debian`, ...)',
    '  that contradicts a constant `FROM --platform=...`;',
    '- a Windows-only tag (`nanoserver`, `windowsservercore`) with a Linux `--platform`.',
    '',
    'Without a constant `--platform` the target platform is chosen at build time, so nothing is reported.',
    'Run `docker build --check` for the full check.',
    '',
    '```dockerfile',
    '# Bad: an arm64 image for an amd64 stage',
    'FROM --platform=linux/amd64 arm64v8/alpine',
    '# Good: the multi-platform image',
    'FROM --platform=linux/amd64 alpine',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const value = flagOf(stage.from, 'platform')?.getValue();
      const image = imageWord(context, stage.from);
      if (!value || value.includes('$') || !image) continue;
      const expected = parsePlatform(value);
      const pinned = platformOfImage(image.value);
      if (!expected || !pinned) continue;
      const osDiffers = pinned.platform.os !== undefined && pinned.platform.os !== expected.os;
      const pinnedArchitecture = pinned.platform.architecture;
      const archDiffers = pinnedArchitecture !== undefined && pinnedArchitecture !== expected.architecture;
      if (!osDiffers && !archDiffers) continue;
      const actual = pinned.platform.architecture ? formatPlatform(pinned.platform as Platform) : pinned.platform.os;
      findings.push({
        range: image.range,
        message: `Base image ${image.value} is built for ${actual} (${pinned.why}), expected "${formatPlatform(expected)}" for this stage's --platform`,
      });
    }
    return findings;
  },
};
