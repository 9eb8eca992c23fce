import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/cli.js';

const exec = promisify(execFile);

/** Lets a plugin's own tests find this checkout's plugin host, as `timelocker` on PATH would for an installed one. */
export const pluginHostEnv = { TIMELOCKER_PLUGIN_HOST: join(repoRoot, 'plugin-host', 'dist', 'main.js') };

export const API_TARBALL = 'timelocker-plugin-api-1.0.0.tgz';

/** Runs npm in `cwd`; a failure carries npm's whole output, which is what one needs to see. */
export async function npm(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await exec('npm', [...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** `npm pack` of the API package into `dir`, exactly what would be published. */
export async function packPluginApi(dir: string): Promise<string> {
  await npm(repoRoot, ['pack', '-w', 'plugin-api', '--pack-destination', dir, '--silent']);
  return join(dir, API_TARBALL);
}

/** An outside author's loop: install (offline, from the npm cache and the packed API), build, test. */
export async function installBuildTest(dir: string): Promise<{ passing: number; output: string }> {
  await npm(dir, ['install', '--offline', '--no-audit', '--no-fund']);
  await npm(dir, ['run', 'build']);
  const output = await npm(dir, ['test'], pluginHostEnv);
  const passing = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
  if (/\d+ failing/.test(output)) throw new Error(`tests failed in ${dir}:\n${output}`);
  return { passing, output };
}

export async function copyExample(name: string, into: string): Promise<string> {
  const target = join(into, name);
  await cp(join(repoRoot, 'examples', name), target, {
    recursive: true,
    filter: (path) => !/[/\\](node_modules|dist)$/.test(path) && !path.endsWith('.tgz'),
  });
  return target;
}
