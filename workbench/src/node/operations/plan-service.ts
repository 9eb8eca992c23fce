import type { JsonObject, PlanDto } from '@timelocker/plugin-api';

export const PlanService = Symbol('PlanService');

export interface AddPlanRequest {
  readonly name: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly tags: readonly string[];
}

export type AddedPlan = PlanDto & { readonly warnings: readonly string[] };

export interface PlanService {
  list(): Promise<PlanDto[]>;
  get(name: string): Promise<PlanDto>;
  /** The plan added, with what looks wrong with its paths now (a folder that is not there, the repository inside one). */
  add(request: AddPlanRequest): Promise<AddedPlan>;
  remove(name: string): Promise<void>;
  /** The plan's whole config entry (schedule, retention, window, limits, hooks …), as the config file holds it. */
  entry(name: string): Promise<JsonObject>;
  /** Replaces the plan's config entry; validated like any config edit (absolute paths, a known repository). */
  update(name: string, entry: JsonObject): Promise<PlanDto>;
  /**
   * Renames the plan; notification rules and policies that name it follow. Its snapshots keep the tag of the old
   * name (`plan:OLD`): restic would have to rewrite every snapshot to change it.
   */
  rename(from: string, to: string): Promise<PlanDto>;
}
