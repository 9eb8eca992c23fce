import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const builtinPluginsDir = join(repoRoot, 'builtin-plugins');
export const fixturePlugin = (name: string): string => join(repoRoot, 'test', 'fixtures', 'plugins', name);

export interface PluginFolderSpec {
  readonly name: string;
  readonly version?: string;
  readonly engine?: string;
  /** Written as `extension.js` unless undefined; `main` is declared either way. */
  readonly code?: string;
  readonly extra?: Record<string, unknown>;
}

/** A built plugin folder (plain ESM, no build step) with one command `test.<name>.hello`. */
export async function writePluginFolder(parent: string, spec: PluginFolderSpec): Promise<string> {
  const dir = join(parent, spec.name);
  await mkdir(dir, { recursive: true });
  const command = `test.${spec.name}.hello`;
  const manifest = {
    name: spec.name, publisher: 'test', version: spec.version ?? '1.0.0', type: 'module',
    engines: { timelocker: spec.engine ?? '^1.0.0' }, main: './extension.js',
    contributes: { commands: [{ id: command, title: 'Hello' }] },
    dependencies: { '@timelocker/plugin-api': '^1.0.0' },
    ...spec.extra,
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const code = spec.code ?? `import { Disposable } from '@timelocker/plugin-api';
export function activate(api, context) {
  context.subscriptions.push(api.commands.register('${command}', () => 'hello from ${manifest.version}'));
  context.subscriptions.push(new Disposable(() => undefined));
}
`;
  if (spec.code !== undefined || !spec.extra?.['main']) await writeFile(join(dir, 'extension.js'), code);
  return dir;
}
