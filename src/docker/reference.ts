// Docker's image reference grammar, ported from the spec in distribution/reference (reference.go's
// grammar comment and regexp.go's productions), so a name is checked before it goes into an Engine
// API path. The engine also accepts image IDs: a full ID (64 hex digits), `sha256:<id>`, or a prefix;
// all three are valid references by this grammar too, as they are for `docker image inspect`.
//
//   reference        := name [ ":" tag ] [ "@" digest ]
//   name             := [domain '/'] path-component ['/' path-component]*
//   domain           := host [':' port-number]
//   host             := domain-name | IPv4address | \[ IPv6address \]
//   domain-name      := domain-component ['.' domain-component]*
//   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//   port-number      := /[0-9]+/
//   path-component   := alpha-numeric [separator alpha-numeric]*
//   alpha-numeric    := /[a-z0-9]+/
//   separator        := /[_.]|__|[-]+/
//   tag              := /[\w][\w.-]{0,127}/
//   digest           := algorithm ":" hex
//                       (algorithm: /[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*/, hex: 32 or more)

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})(?::[0-9]+)?`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const REFERENCE = new RegExp(`^(${name})(?::${tag})?(?:@${digest})?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** distribution/reference's NameTotalLengthMax. */
const MAX_NAME_LENGTH = 255;
/**
 * Checked before the regular expression: the name, a tag of 128 and a long digest fit well within it,
 * and JavaScript's backtracking matcher (unlike Go's) then has a bounded input.
 */
const MAX_REFERENCE_LENGTH = 1024;

/**
 * Why `text` is not an image reference or ID the engine can look up, in distribution/reference's
 * words (ErrReferenceInvalidFormat, ErrNameContainsUppercase, ErrNameTooLong, ErrNameEmpty), or
 * undefined when it is one.
 */
export function imageReferenceProblem(text: string): string | undefined {
  if (text === '') return 'repository name must have at least one component';
  if (text.length > MAX_REFERENCE_LENGTH) return `invalid reference format: longer than ${MAX_REFERENCE_LENGTH} characters`;
  if (IDENTIFIER.test(text)) return undefined;
  const match = REFERENCE.exec(text);
  if (!match) {
    return REFERENCE.test(text.toLowerCase()) ? 'repository name must be lowercase' : 'invalid reference format';
  }
  if (match[1].length > MAX_NAME_LENGTH) return `repository name must not be more than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

/** True for a name or ID that `imageReferenceProblem` accepts. */
export function isImageReference(text: string): boolean {
  return imageReferenceProblem(text) === undefined;
}
