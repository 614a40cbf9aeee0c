// Every path of an image interned once: layers refer to paths by number, so 200k paths across
// many layers cost one string each. Paths have no leading slash (`etc/passwd`); the root is "".

export const ROOT = 0;

export class PathTable {
  private readonly ids = new Map<string, number>([['', ROOT]]);
  readonly paths: string[] = [''];
  readonly parents: number[] = [-1];
  private childIndex?: { start: Int32Array; children: Int32Array };
  /** Per directory looked into by name, its children by name (built on first use). */
  private childNames = new Map<number, Map<string, number>>();

  get size(): number {
    return this.paths.length;
  }

  /** The id of `path`, interning it and its ancestors (iteratively: hostile paths can be very deep). */
  intern(path: string): number {
    const known = this.ids.get(path);
    if (known !== undefined) return known;
    const missing: string[] = [path];
    let parent = ROOT;
    for (let at = path; ; ) {
      const slash = at.lastIndexOf('/');
      if (slash < 0) break;
      at = at.slice(0, slash);
      const id = this.ids.get(at);
      if (id !== undefined) {
        parent = id;
        break;
      }
      missing.push(at);
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const id = this.paths.length;
      this.ids.set(missing[i], id);
      this.paths.push(missing[i]);
      this.parents.push(parent);
      parent = id;
    }
    this.childIndex = undefined;
    this.childNames.clear();
    return parent;
  }

  lookup(path: string): number | undefined {
    return this.ids.get(path);
  }

  name(id: number): string {
    const path = this.paths[id];
    return path.slice(path.lastIndexOf('/') + 1);
  }

  depth(id: number): number {
    let depth = 0;
    for (let at = id; at > ROOT; at = this.parents[at]) depth++;
    return depth;
  }

  /** Children of `id` (compact index, rebuilt after new paths are interned). */
  children(id: number): Int32Array {
    const index = (this.childIndex ??= this.buildChildIndex());
    return index.children.subarray(index.start[id], index.start[id + 1]);
  }

  /**
   * The child of `id` called `name`. Unlike lookup() of the joined path, the cost does not grow with
   * the depth: resolving a 20,000-level path one component at a time stays linear.
   */
  childNamed(id: number, name: string): number | undefined {
    let byName = this.childNames.get(id);
    if (!byName) {
      byName = new Map();
      for (const child of this.children(id)) byName.set(this.name(child), child);
      this.childNames.set(id, byName);
    }
    return byName.get(name);
  }

  /** `id` and every path below it, parents before children, without recursion. */
  subtree(id: number, visit: (id: number) => void): void {
    const stack = [id];
    while (stack.length) {
      const at = stack.pop() as number;
      visit(at);
      const kids = this.children(at);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }

  private buildChildIndex(): { start: Int32Array; children: Int32Array } {
    const count = this.paths.length;
    const start = new Int32Array(count + 1);
    for (let id = 1; id < count; id++) start[this.parents[id] + 1]++;
    for (let id = 0; id < count; id++) start[id + 1] += start[id];
    const fill = start.slice(0, count);
    const children = new Int32Array(Math.max(count - 1, 0));
    for (let id = 1; id < count; id++) children[fill[this.parents[id]]++] = id;
    return { start, children };
  }
}
