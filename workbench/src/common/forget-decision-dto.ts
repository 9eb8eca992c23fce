/** restic's verdict on one snapshot, as retention previews (CLI, /api/v1/plans/…/forget-preview) report it: for the kernel and the browser. */
export interface ForgetDecision {
  readonly id: string;
  readonly shortId: string;
  readonly time: string;
  readonly action: 'keep' | 'remove';
  /** restic's own reasons for keeping it ("last snapshot", "daily snapshot" …); empty for removed ones. */
  readonly reasons: readonly string[];
}
