// Package lists behind SD1001/SD1002/SD2002: what counts as a build toolchain, with approximate
// installed sizes on Debian bookworm / Alpine 3.20 (apt and apk report these at install time, 2025;
// rounded, dependencies a slim image lacks included). Sizes are for messages, not accounting.

/** Toolchain packages of the OS package managers: name -> approximate installed MB. */
export const TOOLCHAIN_PACKAGES: Readonly<Record<string, number>> = {
  'build-essential': 230,
  'build-base': 200,
  gcc: 110,
  'g++': 60,
  'gcc-c++': 60,
  clang: 400,
  llvm: 300,
  gfortran: 90,
  make: 2,
  cmake: 35,
  autoconf: 3,
  automake: 3,
  libtool: 2,
  'pkg-config': 1,
  pkgconf: 1,
  'musl-dev': 10,
  'linux-headers': 10,
  'libc6-dev': 25,
  'python3-dev': 50,
  'python-dev': 50,
  git: 40,
  'openjdk-17-jdk': 300,
  'openjdk-21-jdk': 300,
  'default-jdk': 300,
  golang: 300,
  'golang-go': 300,
  cargo: 300,
  rustc: 300,
};

/** True for a package that is only needed to build: the list above, `*-dev` (Debian, Alpine) and `*-devel` (RPM). */
export function isToolchainPackage(name: string): boolean {
  const bare = name.replace(/[=<>].*$/, '').replace(/:.*$/, '').toLowerCase();
  return bare in TOOLCHAIN_PACKAGES || /-dev$/.test(bare) || /-devel$/.test(bare);
}

export function toolchainSize(name: string): number | undefined {
  const bare = name.replace(/[=<>].*$/, '').replace(/:.*$/, '').toLowerCase();
  return TOOLCHAIN_PACKAGES[bare];
}

/** Python packages only needed to build or test, never to run. */
export const PYTHON_BUILD_PACKAGES: ReadonlySet<string> = new Set([
  'cython', 'build', 'maturin', 'setuptools-rust', 'pip-tools', 'pytest', 'pytest-cov', 'coverage', 'tox', 'nox',
  'black', 'flake8', 'mypy', 'ruff', 'pylint', 'isort', 'pre-commit', 'sphinx', 'twine',
]);

/** Alpine packages that are a sign of compiling Python wheels or Node native modules from source. */
export const MUSL_COMPILE_SIGNS: ReadonlySet<string> = new Set(['build-base', 'gcc', 'g++', 'musl-dev', 'python3-dev', 'make', 'linux-headers', 'libffi-dev', 'openssl-dev', 'cargo', 'rust']);

/** Alpine packages that exist only to run glibc binaries. */
export const GLIBC_COMPAT_PACKAGES: ReadonlySet<string> = new Set(['gcompat', 'libc6-compat', 'glibc', 'glibc-bin']);
