// Image references (`registry/name:tag@digest`): one parser for every rule and the base-image table,
// and Docker's validity check (distribution/reference's grammar, as `ParseNormalizedNamed` accepts it).

/** `registry/name:tag@digest`, split the way Docker reads an image reference. */
export interface ImageRef {
  registry?: string;
  /** The repository path without registry, tag or digest (`library/node` stays `node` if written so). */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(reference: string): ImageRef {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  // The tag starts at the first `:` after the last `/` (`node:${V:-20}` has the tag `${V:-20}`).
  let tag: string | undefined;
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, name: rest, tag, digest };
}

/**
 * Docker's image reference grammar (distribution/reference), as `ParseNormalizedNamed` accepts it:
 * optional registry, lower-case path components, optional tag and digest.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);
export function isValidImageReference(reference: string): boolean {
  if (reference === '' || /^[a-f0-9]{64}$/.test(reference)) return false;
  if (!REFERENCE.test(reference)) return false;
  const name = reference.replace(/@.*$/, '').replace(/:[\w][\w.-]*$/, '');
  return name.length <= 255;
}
