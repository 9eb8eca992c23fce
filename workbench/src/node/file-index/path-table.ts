import { ensureCapacity, fitted, floorIndex } from './typed-arrays.js';

const SLASH = 0x2f;
const EMPTY = -1;

/** ASCII letters folded to lower case; other bytes (UTF-8 sequences included) stay as they are. */
function foldByte(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 32 : byte;
}

/**
 * Every distinct path of a repository once, as (folder, name). Names live in one byte heap, each followed by '/',
 * so a native `indexOf` over the heap finds name matches without building strings, and a match never runs from one
 * name into the next. A second heap holds the ASCII-folded names for case-insensitive search.
 */
export class PathTable {
  readonly dirs: string[] = [];
  private readonly dirIds = new Map<string, number>();
  private foldedDirs: string[] = [];
  private heap = Buffer.alloc(1024);
  private foldedHeap = Buffer.alloc(1024);
  private heapUsed = 1;
  private start = new Uint32Array(1024);
  private dirOf = new Uint32Array(1024);
  private slots = new Int32Array(2048).fill(EMPTY);
  private byDir: { offsets: Uint32Array; paths: Uint32Array } | undefined;
  count = 0;

  constructor() {
    this.heap[0] = SLASH;
    this.foldedHeap[0] = SLASH;
  }

  dirId(dir: string): number {
    let id = this.dirIds.get(dir);
    if (id === undefined) {
      id = this.dirs.length;
      this.dirs.push(dir);
      this.dirIds.set(dir, id);
    }
    return id;
  }

  findDir(dir: string): number | undefined {
    return this.dirIds.get(dir);
  }

  dirOfPath(path: number): number {
    return this.dirOf[path]!;
  }

  name(path: number): string {
    return this.heap.toString('utf8', this.start[path], this.nameEnd(path));
  }

  fullPath(path: number): string {
    return `${this.dirs[this.dirOf[path]!]}/${this.name(path)}`;
  }

  private nameEnd(path: number): number {
    return path + 1 < this.count ? this.start[path + 1]! - 1 : this.heapUsed - 1;
  }

  private hash(dir: number, bytes: Buffer, from: number, to: number): number {
    let h = (0x811c9dc5 ^ dir) >>> 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return h >>> 0;
  }

  /** The path id of (dir, name bytes), added when new. */
  intern(dir: number, bytes: Buffer, from: number, to: number): number {
    const mask = this.slots.length - 1;
    for (let slot = this.hash(dir, bytes, from, to) & mask; ; slot = (slot + 1) & mask) {
      const existing = this.slots[slot]!;
      if (existing === EMPTY) {
        const id = this.add(dir, bytes, from, to);
        this.slots[slot] = id;
        // Load factor ≤ 3/4: linear probing stays short, the table stays small.
        if (this.count * 4 > this.slots.length * 3) this.rehash();
        return id;
      }
      if (this.dirOf[existing] === dir && bytes.compare(this.heap, this.start[existing], this.nameEnd(existing), from, to) === 0) return existing;
    }
  }

  /** The id of an existing path, or undefined. */
  find(dir: number, name: string): number | undefined {
    const bytes = Buffer.from(name, 'utf8');
    const mask = this.slots.length - 1;
    for (let slot = this.hash(dir, bytes, 0, bytes.length) & mask; ; slot = (slot + 1) & mask) {
      const existing = this.slots[slot]!;
      if (existing === EMPTY) return undefined;
      if (this.dirOf[existing] === dir && bytes.compare(this.heap, this.start[existing], this.nameEnd(existing)) === 0) return existing;
    }
  }

  private add(dir: number, bytes: Buffer, from: number, to: number): number {
    const id = this.count++;
    const length = to - from;
    if (this.heapUsed + length + 1 > this.heap.length) {
      const size = Math.max(this.heapUsed + length + 1, Math.ceil(this.heap.length * 1.5));
      this.heap = Buffer.concat([this.heap.subarray(0, this.heapUsed)], size);
      this.foldedHeap = Buffer.concat([this.foldedHeap.subarray(0, this.heapUsed)], size);
    }
    this.start = ensureCapacity(this.start, this.count, (n) => new Uint32Array(n));
    this.dirOf = ensureCapacity(this.dirOf, this.count, (n) => new Uint32Array(n));
    this.start[id] = this.heapUsed;
    this.dirOf[id] = dir;
    bytes.copy(this.heap, this.heapUsed, from, to);
    for (let i = 0; i < length; i++) this.foldedHeap[this.heapUsed + i] = foldByte(bytes[from + i]!);
    this.heapUsed += length;
    this.heap[this.heapUsed] = SLASH;
    this.foldedHeap[this.heapUsed] = SLASH;
    this.heapUsed++;
    this.byDir = undefined;
    return id;
  }

  private rehash(size = this.slots.length * 2): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hash(this.dirOf[id]!, this.heap, this.start[id]!, this.nameEnd(id)) & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }

  /** Room for `paths` paths with `heapBytes` of names at once: a large first load then grows no array step by step. */
  reserve(paths: number, heapBytes: number): void {
    this.start = ensureCapacity(this.start, paths, (n) => new Uint32Array(n));
    this.dirOf = ensureCapacity(this.dirOf, paths, (n) => new Uint32Array(n));
    if (heapBytes > this.heap.length) {
      this.heap = Buffer.concat([this.heap.subarray(0, this.heapUsed)], heapBytes);
      this.foldedHeap = Buffer.concat([this.foldedHeap.subarray(0, this.heapUsed)], heapBytes);
    }
    let slots = this.slots.length;
    while (paths * 4 > slots * 3) slots *= 2;
    if (slots > this.slots.length) this.rehash(slots);
  }

  /** Gives back the room growth left unused (after a load). */
  fit(): void {
    this.start = fitted(this.start, this.count);
    this.dirOf = fitted(this.dirOf, this.count);
    if (this.heap.length > Math.max(1024, this.heapUsed * 1.1)) {
      this.heap = Buffer.from(this.heap.subarray(0, this.heapUsed));
      this.foldedHeap = Buffer.from(this.foldedHeap.subarray(0, this.heapUsed));
    }
  }

  /** Paths whose name contains `needle` (bytes; '/' only in front), in insertion order; `folded` searches the folded heap. */
  *nameMatches(needle: Buffer, folded: boolean): Generator<number> {
    const heap = folded ? this.foldedHeap : this.heap;
    // A needle starting with '/' matches names that start with the rest: its '/' is the previous name's end.
    const leading = needle[0] === SLASH ? 1 : 0;
    let from = 1 - leading;
    for (;;) {
      const at = heap.indexOf(needle, from);
      if (at < 0 || at + leading >= this.heapUsed) return;
      const path = floorIndex(this.start, this.count, at + leading);
      yield path;
      // One hit per path: go on after this name (for a leading '/', at its closing '/').
      from = this.nameEnd(path) + 1 - leading;
    }
  }

  /** Folder paths as they are, or ASCII-folded like the name heap. */
  dirKeys(folded: boolean): readonly string[] {
    if (!folded) return this.dirs;
    for (let i = this.foldedDirs.length; i < this.dirs.length; i++) this.foldedDirs.push(this.dirs[i]!.replace(/[A-Z]+/g, (s) => s.toLowerCase()));
    return this.foldedDirs;
  }

  /** Paths directly in folder `dir`, from an index built once per change. */
  pathsIn(dir: number): Uint32Array {
    if (!this.byDir) {
      const offsets = new Uint32Array(this.dirs.length + 1);
      for (let id = 0; id < this.count; id++) offsets[this.dirOf[id]! + 1]!++;
      for (let d = 0; d < this.dirs.length; d++) offsets[d + 1]! += offsets[d]!;
      const fill = offsets.slice(0, this.dirs.length);
      const paths = new Uint32Array(this.count);
      for (let id = 0; id < this.count; id++) paths[fill[this.dirOf[id]!]!++] = id;
      this.byDir = { offsets, paths };
    }
    return this.byDir.paths.subarray(this.byDir.offsets[dir], this.byDir.offsets[dir + 1]);
  }

  /** Whether the name of `path` starts with `prefix` (bytes). */
  nameStartsWith(path: number, prefix: Buffer, folded: boolean): boolean {
    const heap = folded ? this.foldedHeap : this.heap;
    const start = this.start[path]!;
    return start + prefix.length <= this.nameEnd(path) && heap.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
  }

  /** Whether the name of `path` contains `needle` (bytes). */
  nameContains(path: number, needle: Buffer, folded: boolean): boolean {
    const heap = folded ? this.foldedHeap : this.heap;
    return heap.subarray(this.start[path], this.nameEnd(path)).includes(needle);
  }

  /** Bytes held, for status output. */
  get memoryBytes(): number {
    return this.heap.length * 2 + this.start.byteLength + this.dirOf.byteLength + this.slots.byteLength;
  }
}
