import type { CancellationToken, ResticLocation } from '@timelocker/plugin-api';
import type { ResticBackupSummary, ResticNode, ResticSnapshot } from './restic-json.js';

export const ResticEngine = Symbol('ResticEngine');

export interface ResticLimits {
  readonly uploadKiBps?: number;
  readonly downloadKiBps?: number;
  /** Niceness of the restic process (0…19). */
  readonly nice?: number;
  /** ionice scheduling class: 1 realtime, 2 best-effort, 3 idle. */
  readonly ioniceClass?: number;
}

export interface ResticTarget {
  /** Repository name, for messages. */
  readonly name: string;
  readonly location: ResticLocation;
  readonly password: string;
  readonly limits?: ResticLimits;
}

export interface ResticVersion {
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface BackupRequest {
  /** Absolute paths. */
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly tags: readonly string[];
}

export interface BackupProgress {
  readonly percentDone: number;
  readonly filesDone: number;
  readonly totalFiles: number;
  readonly bytesDone: number;
  readonly totalBytes: number;
  readonly secondsElapsed: number;
  readonly secondsRemaining?: number;
  readonly currentFiles: readonly string[];
  readonly errorCount: number;
}

export interface BackupOutcome {
  readonly summary: ResticBackupSummary;
  /** Files restic could not read (exit code 3): the snapshot exists but misses them. */
  readonly unreadable: readonly string[];
}

export interface RestoreRequest {
  readonly snapshotId: string;
  readonly targetDir: string;
  readonly include: readonly string[];
  readonly verify: boolean;
}

/** A file restic could not restore, as the snapshot stores its path (where it lies under the restore's target). */
export interface UnrestoredFile {
  readonly path: string;
  readonly error: string;
}

export interface RestoreOutcome {
  readonly verifiedFiles?: number;
  /** restic restored everything else: a damaged pack or blob spoils only the files that use it. */
  readonly unrestored?: readonly UnrestoredFile[];
}

/** The one adapter to the restic binary: argv + env (secrets only in env), typed events and errors. */
export interface ResticEngine {
  version(): Promise<ResticVersion>;
  init(target: ResticTarget, token: CancellationToken): Promise<void>;
  /** Opens the repository (reads its config): proves it exists and the password is right. */
  probe(target: ResticTarget, token: CancellationToken): Promise<void>;
  backup(target: ResticTarget, request: BackupRequest, onProgress: (p: BackupProgress) => void, token: CancellationToken): Promise<BackupOutcome>;
  snapshots(target: ResticTarget, token: CancellationToken): Promise<ResticSnapshot[]>;
  /**
   * The ids of the repository's snapshots, much cheaper than `snapshots`: the names in a local repository's snapshots/
   * folder, else `restic list snapshots` (no snapshot file is read or decrypted).
   */
  snapshotIds(target: ResticTarget, token: CancellationToken): Promise<string[]>;
  /** The names in the snapshots/ folder of a repository on the local file system; undefined for any other or an unreadable one. */
  localSnapshotIds(repository: string): Promise<string[] | undefined>;
  /** Direct children of `dir` in a snapshot (one level, for browsing). */
  ls(target: ResticTarget, snapshotId: string, dir: string, token: CancellationToken): Promise<ResticNode[]>;
  /** Every node of a snapshot, optionally under some paths. */
  lsAll(target: ResticTarget, snapshotId: string, token: CancellationToken): Promise<ResticNode[]>;
  restore(target: ResticTarget, request: RestoreRequest, token: CancellationToken): Promise<RestoreOutcome>;
}
