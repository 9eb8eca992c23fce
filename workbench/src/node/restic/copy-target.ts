import { UsageError } from '../core/errors.js';
import type { ResticTarget } from './restic-engine.js';

function merge(kind: string, source: ResticTarget, destination: ResticTarget, a: Readonly<Record<string, string>> = {}, b: Readonly<Record<string, string>> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(a)) {
    if (b[key] !== undefined && b[key] !== value) {
      throw new UsageError(`restic copy reads ${kind} ${key} once for both repositories, and "${source.name}" and "${destination.name}" need different values; ` +
        'copy between repositories whose backends share these settings (e.g. the same S3 credentials), or through a local repository.');
    }
  }
  return { ...a, ...b };
}

/**
 * What `restic copy` / `init --copy-chunker-params` run with: the destination as the repository, the source through
 * RESTIC_FROM_REPOSITORY / RESTIC_FROM_PASSWORD (env, never argv). restic applies backend env and `-o` options to
 * both repositories, so they must agree.
 */
export function copyTarget(source: ResticTarget, destination: ResticTarget): ResticTarget {
  const env = merge('the environment variable', source, destination, source.location.env, destination.location.env);
  const options = merge('the option', source, destination, source.location.options, destination.location.options);
  const flags = [...new Set([...(destination.location.flags ?? []), ...(source.location.flags ?? [])])];
  return {
    ...destination,
    location: {
      ...destination.location,
      env: { ...env, RESTIC_FROM_REPOSITORY: source.location.repository, RESTIC_FROM_PASSWORD: source.password },
      options,
      flags,
      warnings: [...(source.location.warnings ?? []), ...(destination.location.warnings ?? [])],
    },
  };
}
