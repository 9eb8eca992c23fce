import type { CancellationToken, JsonObject, OperationKind, RunTrigger, SecretValues } from '@timelocker/plugin-api';
import type { RepositoryConfig } from '../config/config-model.js';
import type { ResticTarget } from '../restic/restic-engine.js';

export const TargetResolver = Symbol('TargetResolver');

/** Turns a configured repository into what restic needs: backend location (via its plugin) and secrets. */
export interface TargetResolver {
  repositoryConfig(name: string): Promise<RepositoryConfig>;
  /** Backend id, validated backend settings and resolved backend secrets (without the repository password). */
  backendInputs(name: string, token: CancellationToken): Promise<BackendInputs>;
  /** Enforces the policies that apply to `purpose` first: blocking findings throw, warnings join `location.warnings`. */
  resolve(name: string, purpose: Purpose, token: CancellationToken): Promise<ResticTarget>;
}

export interface BackendInputs {
  readonly backend: string;
  readonly settings: JsonObject;
  readonly secrets: SecretValues;
}

export interface Purpose {
  readonly operation: OperationKind;
  readonly plan?: string;
  /** Passed on to policy rules (e.g. backup-window refuses manual runs outside the window unless forced). */
  readonly trigger?: RunTrigger;
  readonly forced?: boolean;
}
