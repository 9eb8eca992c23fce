type Growable = Uint8Array | Uint32Array | Int32Array | Float64Array;

/** A typed array with room for at least `needed` elements: the same one, or a copy 1.5× as large (see `fitted`). */
export function ensureCapacity<T extends Growable>(array: T, needed: number, make: (length: number) => T): T {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, Math.ceil(array.length * 1.5), 1024));
  next.set(array);
  return next;
}

/** Index of the last element ≤ `value` in an ascending array (−1 when all are larger). */
export function floorIndex(sorted: ArrayLike<number>, length: number, value: number): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** `array` cut down to `length` elements when more than a tenth of it is unused (after a large load). */
export function fitted<T extends Growable>(array: T, length: number): T {
  return array.length > Math.max(1024, length * 1.1) ? (array.slice(0, length) as T) : array;
}
