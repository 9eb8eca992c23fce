import { resolveKernelOptions } from '../node/kernel-paths.js';
import { startKernel } from '../node/kernel.js';
import { ContributionRegistry, displayId } from '../node/plugins/contribution-registry.js';
import type { CliBackend } from './commands/backend-flags.js';

/** Backend flags of `repo add` come from plugin manifests, read before parsing (static, nothing activated). */
export async function contributedBackends(argv: readonly string[]): Promise<CliBackend[]> {
  const valuesOf = (flag: string): string[] => argv.flatMap((arg, i) =>
    arg === flag && argv[i + 1] !== undefined ? [argv[i + 1]!] : arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : []);
  const dataDir = valuesOf('--data-dir')[0];
  const options = resolveKernelOptions({ ...(dataDir ? { dataDir } : {}), extraPluginDirs: valuesOf('--plugin-dir') });
  const kernel = await startKernel(options, { start: false });
  try {
    return kernel.get<ContributionRegistry>(ContributionRegistry).get('backends').map((c) => ({ ...c.entry, id: displayId(c), names: [...c.aliases, c.entry.id] }));
  } finally {
    await kernel.stop();
  }
}
