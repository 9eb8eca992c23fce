/** Growable byte buffer with LEB128 varints; numbers up to 2^53 (sizes, seconds), zigzag for signed deltas. */
export class ByteWriter {
  private buffer: Buffer;
  private used = 0;

  constructor(initialSize = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.used;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.used + extra, Math.ceil(this.buffer.length * 1.5)));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }

  uint(value: number): void {
    this.reserve(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.used++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.used++] = v;
  }

  int(value: number): void {
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.used++] = value;
  }

  /** UTF-8 bytes of `text`, without a length; returns how many were written. */
  utf8(text: string): number {
    this.reserve(text.length * 3);
    const written = this.buffer.write(text, this.used, 'utf8');
    this.used += written;
    return written;
  }

  bytes(source: Uint8Array): void {
    this.reserve(source.length);
    this.buffer.set(source, this.used);
    this.used += source.length;
  }

  /** The written bytes (a view; the writer must not be used afterwards). */
  result(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}

export class ByteReader {
  constructor(private readonly buffer: Buffer, public offset = 0) {}

  uint(): number {
    let result = 0;
    let factor = 1;
    for (;;) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new RangeError('index file ends inside a number');
      result += (byte & 0x7f) * factor;
      if (byte < 0x80) return result;
      factor *= 0x80;
    }
  }

  int(): number {
    const value = this.uint();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  byte(): number {
    const byte = this.buffer[this.offset++];
    if (byte === undefined) throw new RangeError('index file ends early');
    return byte;
  }

  bytes(length: number): Buffer {
    if (this.offset + length > this.buffer.length) throw new RangeError('index file ends early');
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}
