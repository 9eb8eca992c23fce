export const HealthService = Symbol('HealthService');

export interface Readiness {
  readonly ready: boolean;
  /** Names of the parts that are not ready (`catalog`, `plugin-host`, `scheduler`). */
  readonly failing: readonly string[];
}

export interface HealthService {
  readiness(): Promise<Readiness>;
}
