// The base-image table behind SD2001/SD2002 and UndefinedVar: approximate sizes of the common
// official images' variants, what a smaller runtime would be, and the environment each defines.
//
// Sizes: uncompressed MB for linux/amd64 (what `docker image ls` shows after a pull), rounded, for
// the current major versions as published on Docker Hub (official images), gcr.io/distroless and
// mcr.microsoft.com in 2025. Compressed (download) sizes on the registries' tag pages are roughly a
// third of these. They vary by version and month: the messages say "about" and round them; they
// are for "how much would I save", not accounting. Environment names come from the images'
// published Dockerfiles (docker-library and dotnet/dotnet-docker), same date.
import { parseImageRef } from '../rules/kit/imageRef';

export type Variant = 'full' | 'slim' | 'alpine' | 'distroless' | 'scratch';

export interface BaseImageEntry {
  /** Repository names, without `docker.io/library/`. */
  names: readonly string[];
  /** In words, for messages: "Node.js", "the Go toolchain". */
  what: string;
  /** True for images that are build toolchains (a runtime needs none of it): golang, maven, rust, dotnet/sdk... */
  toolchain: boolean;
  sizes: Partial<Record<Variant, number>>;
  /** A smaller image for the runtime stage, and its size, when it is not a variant of this one. */
  runtime?: { image: string; size: number; note: string };
  /** Tag suffixes of the smaller variants (defaults: `-slim`, `-alpine`). */
  slimSuffix?: string;
  alpineSuffix?: string;
  /** The repository whose variants to suggest, when this one has none (openjdk is deprecated). */
  variantsFrom?: string;
  /** What breaks on Alpine's musl libc for this image's ecosystem. */
  muslCaution?: string;
  env: readonly string[];
}

const JAVA_ENV = ['JAVA_HOME', 'JAVA_VERSION', 'LANG', 'LANGUAGE', 'LC_ALL'];

export const BASE_IMAGES: readonly BaseImageEntry[] = [
  {
    names: ['node'],
    what: 'Node.js on full Debian (compilers, headers, git, ~400 packages)',
    toolchain: false,
    sizes: { full: 1100, slim: 220, alpine: 160, distroless: 130 },
    muslCaution: 'native modules (bcrypt, sharp, sqlite3, ...) need musl builds or a compile with python3/make/g++',
    env: ['NODE_VERSION', 'YARN_VERSION'],
  },
  {
    names: ['python'],
    what: 'Python on full Debian (compilers, headers, ~450 packages)',
    toolchain: false,
    sizes: { full: 1020, slim: 130, alpine: 55, distroless: 55 },
    muslCaution: 'manylinux wheels do not install on musl: packages without a musllinux wheel compile from source (slow, needs gcc)',
    env: ['PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'LANG', 'PYTHON_PIP_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256', 'PYTHON_SETUPTOOLS_VERSION'],
  },
  {
    names: ['ruby'],
    what: 'Ruby on full Debian (compilers, headers)',
    toolchain: false,
    sizes: { full: 1000, slim: 220, alpine: 100 },
    muslCaution: 'gems with native extensions compile against musl; prebuilt glibc gems (nokogiri, grpc) fall back to source builds',
    env: ['RUBY_VERSION', 'RUBY_DOWNLOAD_SHA256', 'RUBY_DOWNLOAD_URL', 'RUBY_MAJOR', 'GEM_HOME', 'BUNDLE_SILENCE_ROOT_WARNING', 'BUNDLE_APP_CONFIG', 'LANG'],
  },
  {
    names: ['php'],
    what: 'PHP on Debian with its extension build dependencies',
    toolchain: false,
    sizes: { full: 500, alpine: 110 },
    muslCaution: 'extensions built with docker-php-ext-install work, but prebuilt glibc binaries (some PECL/vendor agents) do not',
    env: ['PHP_VERSION', 'PHP_INI_DIR', 'PHPIZE_DEPS', 'PHP_CFLAGS', 'PHP_CPPFLAGS', 'PHP_LDFLAGS', 'GPG_KEYS', 'PHP_URL', 'PHP_ASC_URL', 'PHP_SHA256'],
  },
  {
    names: ['golang'],
    what: 'the Go toolchain',
    toolchain: true,
    sizes: { full: 850, alpine: 260 },
    runtime: { image: 'gcr.io/distroless/static-debian12', size: 2, note: 'or scratch, for a binary built with CGO_ENABLED=0' },
    env: ['GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN'],
  },
  {
    names: ['rust'],
    what: 'the Rust toolchain',
    toolchain: true,
    sizes: { full: 1500, slim: 820 },
    runtime: { image: 'gcr.io/distroless/cc-debian12', size: 25, note: 'or debian:bookworm-slim (~75 MB) if the binary needs more of libc' },
    env: ['RUSTUP_HOME', 'CARGO_HOME', 'RUST_VERSION'],
  },
  {
    names: ['gcc', 'buildpack-deps'],
    what: 'a full C/C++ build environment',
    toolchain: true,
    sizes: { full: 1400 },
    runtime: { image: 'debian:bookworm-slim', size: 75, note: 'with only the shared libraries the program links' },
    env: ['GCC_VERSION'],
  },
  {
    names: ['maven'],
    what: 'Maven and a full JDK',
    toolchain: true,
    sizes: { full: 520 },
    runtime: { image: 'eclipse-temurin:21-jre', size: 270, note: 'or gcr.io/distroless/java21-debian12 (~220 MB)' },
    env: ['MAVEN_HOME', 'MAVEN_CONFIG', ...JAVA_ENV],
  },
  {
    names: ['gradle'],
    what: 'Gradle and a full JDK',
    toolchain: true,
    sizes: { full: 720 },
    runtime: { image: 'eclipse-temurin:21-jre', size: 270, note: 'or gcr.io/distroless/java21-debian12 (~220 MB)' },
    env: ['GRADLE_HOME', 'GRADLE_VERSION', ...JAVA_ENV],
  },
  {
    names: ['eclipse-temurin', 'amazoncorretto', 'openjdk'],
    what: 'a full JDK (compiler, jlink, headers)',
    variantsFrom: 'eclipse-temurin',
    toolchain: false,
    sizes: { full: 460, slim: 270, alpine: 200, distroless: 220 },
    slimSuffix: '-jre',
    alpineSuffix: '-jre-alpine',
    muslCaution: 'JNI libraries shipped as glibc binaries (netty-tcnative, some JDBC drivers) fail to load',
    env: JAVA_ENV,
  },
  {
    names: ['mcr.microsoft.com/dotnet/sdk'],
    what: 'the .NET SDK',
    toolchain: true,
    sizes: { full: 850 },
    runtime: { image: 'mcr.microsoft.com/dotnet/aspnet', size: 220, note: 'or dotnet/runtime (~190 MB), or runtime-deps (~120 MB) for a self-contained app' },
    env: ['DOTNET_VERSION', 'ASPNET_VERSION', 'DOTNET_SDK_VERSION', 'APP_UID', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER', 'DOTNET_USE_POLLING_FILE_WATCHER', 'NUGET_XMLDOC_MODE', 'DOTNET_GENERATE_ASPNET_CERTIFICATE', 'DOTNET_NOLOGO', 'POWERSHELL_DISTRIBUTION_CHANNEL'],
  },
  {
    names: ['ubuntu'],
    what: 'Ubuntu',
    toolchain: false,
    sizes: { full: 78, alpine: 8 },
    muslCaution: 'programs built for glibc (most prebuilt downloads) do not run on musl',
    env: [],
  },
  {
    names: ['debian'],
    what: 'Debian',
    toolchain: false,
    sizes: { full: 117, slim: 75, alpine: 8 },
    muslCaution: 'programs built for glibc (most prebuilt downloads) do not run on musl',
    env: [],
  },
  {
    names: ['nginx'],
    what: 'nginx on Debian',
    toolchain: false,
    sizes: { full: 190, alpine: 48 },
    env: ['NGINX_VERSION', 'NJS_VERSION', 'NJS_RELEASE', 'PKG_RELEASE', 'DYNPKG_RELEASE'],
  },
  {
    names: ['httpd'],
    what: 'Apache httpd on Debian',
    toolchain: false,
    sizes: { full: 150, alpine: 60 },
    env: ['HTTPD_PREFIX', 'HTTPD_VERSION', 'HTTPD_SHA256', 'HTTPD_PATCHES'],
  },
  { names: ['postgres'], what: 'PostgreSQL', toolchain: false, sizes: {}, env: ['PG_MAJOR', 'PG_VERSION', 'PGDATA', 'GOSU_VERSION', 'LANG'] },
  { names: ['redis'], what: 'Redis', toolchain: false, sizes: {}, env: ['REDIS_VERSION', 'REDIS_DOWNLOAD_URL', 'REDIS_DOWNLOAD_SHA'] },
  { names: ['mysql'], what: 'MySQL', toolchain: false, sizes: {}, env: ['MYSQL_MAJOR', 'MYSQL_VERSION', 'MYSQL_SHELL_VERSION', 'GOSU_VERSION'] },
  { names: ['alpine', 'busybox'], what: 'a minimal base', toolchain: false, sizes: { alpine: 8 }, env: [] },
];

/** A `FROM` image reference taken apart. */
export interface ImageReference {
  /** Registry and repository as written, lower-cased, without docker.io/library/. */
  repository: string;
  tag: string;
  variant: Variant | 'unknown';
  entry?: BaseImageEntry;
}

const byName = new Map<string, BaseImageEntry>();
for (const entry of BASE_IMAGES) for (const name of entry.names) byName.set(name, entry);

export function parseImageReference(reference: string): ImageReference {
  const { registry, name, tag = '' } = parseImageRef(reference.toLowerCase());
  const repository = (registry ? `${registry}/${name}` : name)
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
  const entry = byName.get(repository);
  let variant: Variant | 'unknown';
  if (repository === 'scratch') variant = 'scratch';
  else if (/^(gcr\.io\/distroless|cgr\.dev\/chainguard)\//.test(repository) || /distroless|chiseled/.test(tag)) variant = 'distroless';
  else if (tag.includes('$')) variant = 'unknown';
  else if (/alpine/.test(tag)) variant = 'alpine';
  else if (/slim|(^|-)jre($|-)/.test(tag)) variant = 'slim';
  else if (/nanoserver|windowsservercore/.test(tag)) variant = 'unknown';
  else if (repository === 'alpine' || repository === 'busybox') variant = 'alpine';
  else variant = 'full';
  return { repository, tag, variant, entry };
}

/** The table's facts for a base image name, or undefined when it is not one of the images above. */
export function baseImageFacts(reference: string): BaseImageEntry | undefined {
  return parseImageReference(reference).entry;
}

const DISTRO_SUFFIX = /-(bookworm|bullseye|buster|trixie|jammy|noble|focal|jdk|jre|ubi\d*-minimal|alpine[0-9.]*|slim)$/;

/**
 * The tag without its distribution suffix, to build a variant's tag from: `20-bookworm` -> `20`,
 * `lts-bookworm` -> `lts`, `21-jdk-jammy` -> `21`.
 */
export function tagVersion(tag: string): string {
  let base = tag;
  while (DISTRO_SUFFIX.test(base)) base = base.replace(DISTRO_SUFFIX, '');
  if (!base || base === 'latest' || /^(bookworm|bullseye|buster|trixie|jammy|noble|focal)$/.test(base)) return '';
  return base;
}

/** Sizes are rounded for messages: "~1.1 GB", "~220 MB". */
export { approxMegabytes as formatSize } from '../../shared/units';
