/** restic 0.14 and later read at most this many parts (`t` of `n/t`). */
const MAX_PARTS = 256;

const FORMS = 'use N/M for part N of M (1 ≤ N ≤ M ≤ 256, e.g. 1/10), a percentage above 0 and at most 100 (e.g. 5%), '
  + 'or a size with a unit B, K, M, G or T (e.g. 500M)';

/**
 * Why restic would refuse `value` as `check --read-data-subset`, or undefined when it takes it. Checked before a job
 * starts: restic only refuses it after the repository is opened, which would record a failed check of a sound repository.
 */
export function readDataSubsetProblem(value: string): string | undefined {
  const part = /^(\d+)\/(\d+)$/.exec(value);
  if (part) {
    const [n, m] = [Number(part[1]), Number(part[2])];
    return n >= 1 && n <= m && m <= MAX_PARTS ? undefined : `read data subset "${value}": N/M needs 1 ≤ N ≤ M ≤ ${MAX_PARTS}; ${FORMS}.`;
  }
  const percent = /^(\d+\.?\d*|\.\d+)%$/.exec(value);
  if (percent) {
    const p = Number(percent[1]);
    return p > 0 && p <= 100 ? undefined : `read data subset "${value}": a percentage must be above 0 and at most 100; ${FORMS}.`;
  }
  const size = /^(\d+)[bBkKmMgGtT]$/.exec(value);
  if (size) return Number(size[1]) > 0 ? undefined : `read data subset "${value}": a size must be above 0; ${FORMS}.`;
  // A bare number is neither a part nor a size to restic.
  return `read data subset "${value}" is not valid: ${FORMS}.`;
}
