export const ErasableData = Symbol('ErasableData');

/**
 * Personal data a feature keeps outside the catalog (e.g. file paths and folder names in its caches), which
 * `privacy erase` removes along with jobs and audit entries. Features bind their store under this token.
 */
export interface ErasableData {
  /** What it is, as the erase result names it ("file index"). */
  readonly erasableName: string;
  erase(): Promise<void>;
}
