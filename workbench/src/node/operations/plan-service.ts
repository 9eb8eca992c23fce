import type { PlanDto } from '@timelocker/plugin-api';

export const PlanService = Symbol('PlanService');

export interface AddPlanRequest {
  readonly name: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly tags: readonly string[];
}

export interface PlanService {
  list(): Promise<PlanDto[]>;
  get(name: string): Promise<PlanDto>;
  add(request: AddPlanRequest): Promise<PlanDto>;
  remove(name: string): Promise<void>;
}
