// compose-spec merge.md "Reset value" and "Replace value": in a file merged over earlier ones,
// `!reset` clears what the earlier files set at that place (the value written is ignored), and
// `!override` replaces it whole instead of merging (a list is not appended to, a mapping not merged).
// As compose-go does it: the tagged places are removed from the model merged so far, then the file
// is merged in, without its `!reset` values.
import type { ComposeNode, MergeTag } from './types';

export type ModelPath = ReadonlyArray<string | number>;

export interface TaggedPlace {
  path: ModelPath;
  tag: MergeTag;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where a parsed file writes `!reset` or `!override`, outermost first; a place inside a tagged one is not listed. */
export function mergeTagPlaces(root: ComposeNode | undefined, limit = 10_000): TaggedPlace[] {
  const places: TaggedPlace[] = [];
  // Aliases share nodes: each node is walked once, so a file of aliases cannot make this walk long.
  const seen = new Set<ComposeNode>();
  const walk = (node: ComposeNode, path: Array<string | number>): void => {
    if (seen.has(node) || places.length >= limit) return;
    seen.add(node);
    if (node.tag && path.length > 0) {
      places.push({ path: [...path], tag: node.tag });
      return;
    }
    if (node.kind === 'map') {
      for (const entry of node.entries) if (!entry.merged) walk(entry.value, [...path, entry.key]);
    } else if (node.kind === 'seq') {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    }
  };
  if (root) walk(root, []);
  return places;
}

/**
 * `value` without what is at `path` (a copy along the path; the rest shared). In a list, a number is
 * an index; a name removes the `NAME=value` / `NAME` entries, so `environment: {FOO: !reset null}`
 * also clears FOO from an earlier `environment: ["FOO=bar"]`.
 */
export function withoutPath(value: unknown, path: ModelPath): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (isMapping(value)) {
    const key = String(head);
    if (!(key in value)) return value;
    const out: Mapping = { ...value };
    if (rest.length === 0) delete out[key];
    else out[key] = withoutPath(value[key], rest);
    return out;
  }
  if (Array.isArray(value)) {
    if (typeof head === 'number') {
      if (head < 0 || head >= value.length) return value;
      if (rest.length === 0) return value.filter((_, index) => index !== head);
      return value.map((item, index) => (index === head ? withoutPath(item, rest) : item));
    }
    if (rest.length === 0) return value.filter((item) => !(typeof item === 'string' && (item === head || item.startsWith(`${head}=`))));
  }
  return value;
}

/** A file's content without its `!reset` places (what it merges in). */
export function withoutResets(content: Mapping, places: readonly TaggedPlace[]): Mapping {
  let out: unknown = content;
  for (const place of places) if (place.tag === '!reset') out = withoutPath(out, place.path);
  return out as Mapping;
}

/** The model merged so far, cleared at every tagged place of the file about to be merged over it. */
export function clearTaggedPlaces(merged: Mapping, places: readonly TaggedPlace[]): Mapping {
  let out: unknown = merged;
  for (const place of places) out = withoutPath(out, place.path);
  return out as Mapping;
}
