// Compose's merge of several files (compose-spec merge.md). TODO: the spec's per-key rules.

/** Merge an override file's top-level mapping into the base's. */
export function mergeCompose(base: unknown, override: unknown): unknown {
  void base;
  return override;
}

/** Merge one service's override into its base (also used by `extends`). */
export function mergeService(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  return { ...base, ...override };
}
