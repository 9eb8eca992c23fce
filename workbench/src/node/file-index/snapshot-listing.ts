import { TimeLockerError } from '../core/errors.js';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { ByteReader, ByteWriter } from './index-bytes.js';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/*
 * One snapshot's file list as written once to `<snapshot id>.tlfi`: a small JSON header, then a raw-deflated body
 * in columns (folders front-coded; per entry folder delta, name, type, size, mtime seconds delta, nanoseconds), which
 * keeps an entry at a few bytes on disk while the names stay exact (spaces, unicode, newlines).
 */

const MAGIC = Buffer.from('TLFI');
const FORMAT_VERSION = 1;

export const nodeTypes = ['file', 'dir', 'symlink', 'dev', 'chardev', 'fifo', 'socket', 'irregular'] as const;
const typeCode = new Map<string, number>(nodeTypes.map((t, i) => [t, i]));

export interface ListedNode {
  readonly path: string;
  readonly type: string;
  readonly size?: number;
  readonly mtime?: string;
}

export interface IndexedSnapshotMeta {
  readonly id: string;
  readonly shortId: string;
  readonly time: string;
  readonly tree?: string;
  readonly hostname: string;
  readonly paths: readonly string[];
  readonly tags: readonly string[];
  readonly entries: number;
  readonly indexedAt: string;
}

/** A decoded listing: column arrays, index i is the i-th entry in restic's order. */
export interface SnapshotListing {
  readonly meta: IndexedSnapshotMeta;
  /** Parent folders; the root is '' so that a path is always `dir + '/' + name`. */
  readonly dirs: readonly string[];
  readonly count: number;
  readonly dir: Uint32Array;
  /** Byte offsets of each name in `names` (count + 1 entries). */
  readonly nameStart: Uint32Array;
  readonly names: Buffer;
  readonly type: Uint8Array;
  readonly size: Float64Array;
  readonly seconds: Float64Array;
  readonly nanos: Uint32Array;
}

/** restic's RFC 3339 time with nanoseconds and any offset → whole seconds since the epoch and the nanoseconds. */
export function parseResticTime(text: string | undefined): { seconds: number; nanos: number } {
  if (!text) return { seconds: 0, nanos: 0 };
  const fraction = /\.(\d+)/.exec(text);
  const millis = Date.parse(fraction ? text.replace(fraction[0], '') : text);
  if (Number.isNaN(millis)) return { seconds: 0, nanos: 0 };
  return { seconds: Math.floor(millis / 1000), nanos: fraction ? Number(fraction[1]!.slice(0, 9).padEnd(9, '0')) : 0 };
}

/** Seconds + nanoseconds → `2024-05-01T10:00:00.123456789Z` (exact, sortable). */
export function formatResticTime(seconds: number, nanos: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

export function splitPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return { dir: slash <= 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
}

/** Collects nodes as restic streams them; `encode` compresses off the main thread. */
export class SnapshotListingBuilder {
  private readonly dirs: string[] = [];
  private readonly dirIndex = new Map<string, number>();
  private lastDir: string | undefined;
  private lastDirIndex = 0;
  private previousDir = 0;
  private previousSeconds = 0;
  private count = 0;
  private readonly dirColumn = new ByteWriter();
  private readonly nameLengths = new ByteWriter();
  private readonly names = new ByteWriter(1024 * 1024);
  private readonly types = new ByteWriter();
  private readonly sizes = new ByteWriter();
  private readonly secondsColumn = new ByteWriter();
  private readonly nanosColumn = new ByteWriter();

  get entries(): number {
    return this.count;
  }

  add(node: ListedNode): void {
    const { dir, name } = splitPath(node.path);
    if (dir !== this.lastDir) {
      let index = this.dirIndex.get(dir);
      if (index === undefined) {
        index = this.dirs.length;
        this.dirs.push(dir);
        this.dirIndex.set(dir, index);
      }
      this.lastDir = dir;
      this.lastDirIndex = index;
    }
    this.dirColumn.int(this.lastDirIndex - this.previousDir);
    this.previousDir = this.lastDirIndex;
    this.nameLengths.uint(this.names.utf8(name));
    this.types.byte(typeCode.get(node.type) ?? typeCode.get('irregular')!);
    this.sizes.uint(node.size ?? 0);
    const time = parseResticTime(node.mtime);
    this.secondsColumn.int(time.seconds - this.previousSeconds);
    this.previousSeconds = time.seconds;
    this.nanosColumn.uint(time.nanos);
    this.count++;
  }

  async encode(snapshot: Omit<IndexedSnapshotMeta, 'entries' | 'indexedAt'>): Promise<Buffer> {
    const body = new ByteWriter(1024 * 1024);
    body.uint(this.dirs.length);
    let previous = Buffer.alloc(0);
    for (const dir of this.dirs) {
      const bytes = Buffer.from(dir, 'utf8');
      let shared = 0;
      const limit = Math.min(previous.length, bytes.length);
      while (shared < limit && previous[shared] === bytes[shared]) shared++;
      body.uint(shared);
      body.uint(bytes.length - shared);
      body.bytes(bytes.subarray(shared));
      previous = bytes;
    }
    body.uint(this.count);
    for (const column of [this.dirColumn, this.nameLengths, this.names, this.types, this.sizes, this.secondsColumn, this.nanosColumn]) {
      body.uint(column.length);
      body.bytes(column.result());
    }
    const meta: IndexedSnapshotMeta = { ...snapshot, entries: this.count, indexedAt: new Date().toISOString() };
    const header = Buffer.from(JSON.stringify(meta), 'utf8');
    const prefix = Buffer.alloc(9);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt8(FORMAT_VERSION, 4);
    prefix.writeUInt32LE(header.length, 5);
    return Buffer.concat([prefix, header, await deflate(body.result(), { level: 6 })]);
  }
}

/** A file-index file that is not one, or of another format: the index is rebuilt from the repository. */
export class IndexFormatError extends TimeLockerError {
  constructor(message: string) {
    super('operation-failed', message);
    this.name = 'IndexFormatError';
  }
}

/** The header alone (no decompression): which snapshot a file holds. */
export function readListingMeta(file: Buffer): IndexedSnapshotMeta {
  if (file.length < 9 || !file.subarray(0, 4).equals(MAGIC)) throw new IndexFormatError('not a TimeLocker file index');
  if (file.readUInt8(4) !== FORMAT_VERSION) throw new IndexFormatError(`unsupported file index format ${file.readUInt8(4)}`);
  const length = file.readUInt32LE(5);
  return JSON.parse(file.toString('utf8', 9, 9 + length)) as IndexedSnapshotMeta;
}

export async function decodeSnapshotListing(file: Buffer): Promise<SnapshotListing> {
  const meta = readListingMeta(file);
  const body = await inflate(file.subarray(9 + file.readUInt32LE(5)));
  const reader = new ByteReader(body);
  const dirs: string[] = [];
  let previous = Buffer.alloc(0);
  for (let i = reader.uint(); i > 0; i--) {
    const shared = reader.uint();
    const bytes = Buffer.concat([previous.subarray(0, shared), reader.bytes(reader.uint())]);
    dirs.push(bytes.toString('utf8'));
    previous = bytes;
  }
  const count = reader.uint();
  const column = (): ByteReader => {
    const length = reader.uint();
    const start = reader.offset;
    reader.offset += length;
    return new ByteReader(body, start);
  };
  const [dirColumn, lengths, namesColumn, types, sizes, secondsColumn, nanosColumn] = [column(), column(), column(), column(), column(), column(), column()];
  const dir = new Uint32Array(count);
  const nameStart = new Uint32Array(count + 1);
  const type = new Uint8Array(count);
  const size = new Float64Array(count);
  const seconds = new Float64Array(count);
  const nanos = new Uint32Array(count);
  let currentDir = 0;
  let currentSeconds = 0;
  let offset = 0;
  for (let i = 0; i < count; i++) {
    currentDir += dirColumn.int();
    dir[i] = currentDir;
    nameStart[i] = offset;
    offset += lengths.uint();
    type[i] = types.byte();
    size[i] = sizes.uint();
    currentSeconds += secondsColumn.int();
    seconds[i] = currentSeconds;
    nanos[i] = nanosColumn.uint();
  }
  nameStart[count] = offset;
  const names = namesColumn.bytes(offset);
  if (dirs.length > 0 && count > 0 && dir.some((d) => d >= dirs.length)) throw new IndexFormatError('file index refers to an unknown folder');
  return { meta, dirs, count, dir, nameStart, names, type, size, seconds, nanos };
}
