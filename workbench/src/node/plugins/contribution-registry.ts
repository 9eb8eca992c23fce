import type { Event } from '@timelocker/plugin-api';
import type { Contributions, ConfigurationContribution } from '@timelocker/plugin-api/manifest';

export const ContributionRegistry = Symbol('ContributionRegistry');

export type ListPoint = Exclude<keyof Contributions, 'configuration'>;
export type EntryOf<P extends ListPoint> = NonNullable<Contributions[P]>[number];

export interface Contributed<T> {
  readonly pluginId: string;
  /** The entry, its `id` in full (`publisher.name`). */
  readonly entry: T;
  /** Short ids that name it too: a builtin's own short id when no other builtin uses it (e.g. `s3` for `timelocker.s3`). */
  readonly aliases: readonly string[];
}

/** Why a contribution id cannot be used: the plugin that declares it is disabled or was not loaded, or none declares it. */
export type ContributionAbsence =
  | { readonly reason: 'disabled' | 'rejected'; readonly id: string; readonly pluginId: string; readonly messages: readonly string[] }
  | { readonly reason: 'missing'; readonly id: string };

/** Statically declared contributions of every accepted plugin (no activation needed). */
export interface ContributionRegistry {
  get<P extends ListPoint>(point: P): ReadonlyArray<Contributed<EntryOf<P>>>;
  /** By full id or alias. */
  find<P extends ListPoint>(point: P, id: string): Contributed<EntryOf<P>> | undefined;
  /** For an id `find` does not know: the disabled or rejected plugin that declares it, or `missing`. */
  absence(point: ListPoint, id: string): ContributionAbsence;
  configurations(): ReadonlyArray<Contributed<ConfigurationContribution>>;
  readonly onDidChange: Event<void>;
}

/** The name to show users: a builtin's short alias (`s3`), else the full id (`acme.rclone`). */
export function displayId(contributed: Contributed<{ readonly id: string }>): string {
  return contributed.aliases[0] ?? contributed.entry.id;
}
