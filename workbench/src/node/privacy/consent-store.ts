export const ConsentStore = Symbol('ConsentStore');

export type ConsentDecision = 'accepted' | 'declined' | 'shown';

/** How the decision was made: a TTY prompt, the `--accept-privacy-notice` flag, `privacy accept`, a non-interactive stderr notice, the UI. */
export type ConsentChannel = 'tty' | 'flag' | 'cli' | 'stderr' | 'ui' | 'api';

export interface ConsentRecord {
  readonly id: number;
  readonly subject: string;
  readonly version: string;
  readonly decision: ConsentDecision;
  readonly channel: ConsentChannel;
  readonly actor: string;
  readonly time: string;
}

/** The `consents` table of the catalog (needs nothing but the catalog, so launchers can ask before the kernel starts). */
export interface ConsentStore {
  /** The latest record for `subject` at `version`. */
  latest(subject: string, version: string): Promise<ConsentRecord | undefined>;
  record(subject: string, version: string, decision: ConsentDecision, channel: ConsentChannel): Promise<ConsentRecord>;
  list(): Promise<ConsentRecord[]>;
}
