import type { Event } from '@timelocker/plugin-api';
import type { Contributions, ConfigurationContribution } from '@timelocker/plugin-api/manifest';

export const ContributionRegistry = Symbol('ContributionRegistry');

export type ListPoint = Exclude<keyof Contributions, 'configuration'>;
export type EntryOf<P extends ListPoint> = NonNullable<Contributions[P]>[number];

export interface Contributed<T> {
  readonly pluginId: string;
  readonly entry: T;
}

/** Statically declared contributions of every accepted plugin (no activation needed). */
export interface ContributionRegistry {
  get<P extends ListPoint>(point: P): ReadonlyArray<Contributed<EntryOf<P>>>;
  find<P extends ListPoint>(point: P, id: string): Contributed<EntryOf<P>> | undefined;
  configurations(): ReadonlyArray<Contributed<ConfigurationContribution>>;
  readonly onDidChange: Event<void>;
}
