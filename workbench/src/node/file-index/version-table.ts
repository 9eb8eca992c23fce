import { ensureCapacity, fitted, floorIndex } from './typed-arrays.js';

const NONE = -1;

/**
 * Distinct versions of every path (same type, size and mtime ⇒ same version) and the snapshots holding each, as runs
 * of consecutive snapshot ordinals: a file unchanged over a hundred snapshots costs one version and one run, not a
 * hundred entries. Snapshots must be recorded oldest first.
 */
export class VersionTable {
  count = 0;
  private pathOf = new Uint32Array(1024);
  private typeOf = new Uint8Array(1024);
  private sizeOf = new Float64Array(1024);
  private secondsOf = new Float64Array(1024);
  private nanosOf = new Uint32Array(1024);
  /** The current (last) run of each version; earlier runs are in `earlierRuns`. */
  private first = new Uint32Array(1024);
  private last = new Uint32Array(1024);
  private previous = new Int32Array(1024);
  private latestOfPath = new Int32Array(1024).fill(NONE);
  private readonly earlierRuns = new Map<number, number[]>();

  record(path: number, type: number, size: number, seconds: number, nanos: number, ordinal: number): void {
    if (path >= this.latestOfPath.length) {
      const grown = ensureCapacity(this.latestOfPath, path + 1, (n) => new Int32Array(n).fill(NONE));
      this.latestOfPath = grown;
    }
    for (let v = this.latestOfPath[path]!; v !== NONE; v = this.previous[v]!) {
      if (this.typeOf[v] !== type || this.sizeOf[v] !== size || this.secondsOf[v] !== seconds || this.nanosOf[v] !== nanos) continue;
      const last = this.last[v]!;
      if (last === ordinal) return;
      if (last + 1 !== ordinal) {
        const runs = this.earlierRuns.get(v) ?? [];
        runs.push(this.first[v]!, last);
        this.earlierRuns.set(v, runs);
        this.first[v] = ordinal;
      }
      this.last[v] = ordinal;
      return;
    }
    const v = this.count++;
    if (v >= this.pathOf.length) this.grow(v + 1);
    this.pathOf[v] = path;
    this.typeOf[v] = type;
    this.sizeOf[v] = size;
    this.secondsOf[v] = seconds;
    this.nanosOf[v] = nanos;
    this.first[v] = ordinal;
    this.last[v] = ordinal;
    this.previous[v] = this.latestOfPath[path]!;
    this.latestOfPath[path] = v;
  }

  private grow(needed: number): void {
    this.pathOf = ensureCapacity(this.pathOf, needed, (n) => new Uint32Array(n));
    this.typeOf = ensureCapacity(this.typeOf, needed, (n) => new Uint8Array(n));
    this.sizeOf = ensureCapacity(this.sizeOf, needed, (n) => new Float64Array(n));
    this.secondsOf = ensureCapacity(this.secondsOf, needed, (n) => new Float64Array(n));
    this.nanosOf = ensureCapacity(this.nanosOf, needed, (n) => new Uint32Array(n));
    this.first = ensureCapacity(this.first, needed, (n) => new Uint32Array(n));
    this.last = ensureCapacity(this.last, needed, (n) => new Uint32Array(n));
    this.previous = ensureCapacity(this.previous, needed, (n) => new Int32Array(n));
  }

  /** Room for `versions` versions at once (see PathTable.reserve). */
  reserve(versions: number, paths: number): void {
    this.grow(versions);
    if (paths > this.latestOfPath.length) this.latestOfPath = ensureCapacity(this.latestOfPath, paths, (n) => new Int32Array(n).fill(NONE));
  }

  /** Gives back the room growth left unused (after a load). */
  fit(paths: number): void {
    this.pathOf = fitted(this.pathOf, this.count);
    this.typeOf = fitted(this.typeOf, this.count);
    this.sizeOf = fitted(this.sizeOf, this.count);
    this.secondsOf = fitted(this.secondsOf, this.count);
    this.nanosOf = fitted(this.nanosOf, this.count);
    this.first = fitted(this.first, this.count);
    this.last = fitted(this.last, this.count);
    this.previous = fitted(this.previous, this.count);
    this.latestOfPath = fitted(this.latestOfPath, paths);
  }

  /** Version ids of `path`, most recently seen first. */
  *ofPath(path: number): Generator<number> {
    if (path >= this.latestOfPath.length) return;
    for (let v = this.latestOfPath[path]!; v !== NONE; v = this.previous[v]!) yield v;
  }

  describe(version: number): { type: number; size: number; seconds: number; nanos: number } {
    return { type: this.typeOf[version]!, size: this.sizeOf[version]!, seconds: this.secondsOf[version]!, nanos: this.nanosOf[version]! };
  }

  seconds(version: number): number {
    return this.secondsOf[version]!;
  }

  /** The ordinals of `selected` (ascending) that hold `version`. */
  holders(version: number, selected: Uint32Array): number[] {
    const found: number[] = [];
    const runs = [...(this.earlierRuns.get(version) ?? []), this.first[version]!, this.last[version]!];
    for (let r = 0; r < runs.length; r += 2) {
      const [from, to] = [runs[r]!, runs[r + 1]!];
      for (let i = floorIndex(selected, selected.length, from - 1) + 1; i < selected.length && selected[i]! <= to; i++) found.push(selected[i]!);
    }
    return found;
  }

  get memoryBytes(): number {
    return [this.pathOf, this.typeOf, this.sizeOf, this.secondsOf, this.nanosOf, this.first, this.last, this.previous, this.latestOfPath]
      .reduce((sum, array) => sum + array.byteLength, 0);
  }
}
