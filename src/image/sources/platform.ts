// Platforms of a multi-platform image (an OCI index): `os/architecture[/variant]` as docker and
// `--platform` write them, which one this machine runs, and which index entries match a choice.
// Attestation manifests (os "unknown", as BuildKit writes them) are not platforms.

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** `linux/arm64/v8` from its parts. */
export function platformName(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** `OS/ARCH[/VARIANT]`, or undefined when the text is not of that form. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[a-z0-9._-]+$/.test(part))) return undefined;
  return { os: parts[0], architecture: parts[1], ...(parts[2] ? { variant: parts[2] } : {}) };
}

/** The platform this machine runs, in Go's names (what images are published for). */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  const os = process.platform === 'win32' ? 'windows' : 'linux'; // macOS runs linux images in a VM
  const architecture = arch[process.arch] ?? process.arch;
  return architecture === 'arm' ? { os, architecture, variant: 'v7' } : { os, architecture };
}

/** An arm64 image with no variant is v8 (the OCI spec's default), so `linux/arm64/v8` finds it. */
function variantOf(platform: Platform): string | undefined {
  return platform.variant || (platform.architecture === 'arm64' ? 'v8' : undefined);
}

/** True when `offered` is the platform `wanted` names (a wanted platform without variant takes any). */
export function platformMatches(offered: Platform, wanted: Platform): boolean {
  if (offered.os !== wanted.os || offered.architecture !== wanted.architecture) return false;
  return wanted.variant === undefined || variantOf(offered) === variantOf(wanted);
}

/** Platforms in the order to offer them: this machine's first, then by name. */
export function hostFirst(names: string[]): string[] {
  const host = hostPlatform();
  const rank = (name: string): number => {
    const platform = parsePlatform(name);
    return platform && platformMatches(platform, { ...host, variant: undefined }) ? 0 : 1;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** This machine's platform as a name (`linux/amd64`). */
export function hostPlatformName(): string {
  return platformName(hostPlatform());
}
