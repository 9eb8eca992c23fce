import type { JsonValue, PlanDto, RepositoryDto } from '@timelocker/plugin-api';
import type { PlanConfig, RepositoryConfig } from './config-model.js';

/** A repository as plugins see it: backend settings without secret sources. */
export function toRepositoryDto(name: string, repository: RepositoryConfig): RepositoryDto {
  const config: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(repository)) {
    // Secret sources name where a secret lives; they are config, but plugins have no use for them.
    if (key === 'backend' || key === 'password' || value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))) continue;
    config[key] = value as JsonValue;
  }
  return { name, backend: repository.backend, config };
}

export function toPlanDto(name: string, plan: PlanConfig): PlanDto {
  return { name, repository: plan.repository, paths: plan.paths, exclude: plan.exclude ?? [], tags: plan.tags ?? [] };
}
