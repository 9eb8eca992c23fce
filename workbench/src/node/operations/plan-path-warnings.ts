import { stat } from 'node:fs/promises';
import type { RepositoryConfig } from '../config/config-model.js';

/**
 * What is wrong with a new plan's paths now, though it may be right later (a drive not mounted yet): said when the
 * plan is added rather than found at its first backup. A local repository inside a source would back itself up.
 */
export async function planPathWarnings(paths: readonly string[], exclude: readonly string[], repositoryName: string, repository: RepositoryConfig): Promise<string[]> {
  const warnings: string[] = [];
  for (const path of paths) {
    if (!(await stat(path).then(() => true, () => false))) warnings.push(`"${path}" does not exist now: the plan's backups fail until it does (mount it, or fix the plan's paths).`);
  }
  const repositoryPath = repository.backend === 'local' && typeof repository['path'] === 'string' ? repository['path'].replace(/\/+$/, '') : undefined;
  if (repositoryPath && !exclude.includes(repositoryPath)) {
    const source = paths.find((path) => repositoryPath === path.replace(/\/+$/, '') || repositoryPath.startsWith(`${path.replace(/\/+$/, '')}/`));
    if (source) {
      warnings.push(`repository "${repositoryName}" (${repositoryPath}) lies inside "${source}": every backup would copy the repository into itself. Exclude it (--exclude ${repositoryPath}) or choose another folder.`);
    }
  }
  return warnings;
}
