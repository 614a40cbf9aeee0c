// containerd's platform strings (`linux/arm64/v8`), normalised enough to compare an OS and architecture.

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows']);
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  amd64: 'amd64', x86_64: 'amd64', 'x86-64': 'amd64', i386: '386', '386': '386', arm64: 'arm64', aarch64: 'arm64',
  arm: 'arm', armhf: 'arm', armel: 'arm', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', mips64le: 'mips64le',
  mips64: 'mips64', mipsle: 'mipsle', mips: 'mips', loong64: 'loong64', ppc64: 'ppc64', wasm: 'wasm',
};
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}
export function parsePlatform(value: string): Platform | undefined {
  const parts = value.toLowerCase().split('/');
  if (parts.length > 3 || parts.some((part) => part === '' || !/^[a-z0-9_.-]+$/.test(part))) return undefined;
  if (parts.length === 1) {
    if (KNOWN_OS.has(parts[0])) return { os: parts[0], architecture: 'amd64' };
    const architecture = ARCH_ALIASES[parts[0]];
    return architecture ? { os: 'linux', architecture } : undefined;
  }
  const os = parts[0] === 'macos' ? 'darwin' : parts[0];
  const architecture = ARCH_ALIASES[parts[1]];
  if (!KNOWN_OS.has(os) || !architecture) return undefined;
  const variant = parts[2];
  return variant ? { os, architecture, variant } : { os, architecture };
}
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
