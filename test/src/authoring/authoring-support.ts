import { execFile } from 'node:child_process';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/cli.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

const exec = promisify(execFile);

/** The API that `npm run build` packed into this checkout: what `plugin new` and the examples depend on. */
export const packedApi = join(repoRoot, 'workbench', 'sdk', 'timelocker-plugin-api-1.0.0.tgz');

/**
 * A plugin author's folder: npm as they run it, against the real registry, but with its cache (and logs) in a
 * temp folder, so that nothing depends on — or changes — what the user's ~/.npm happens to hold.
 */
export class AuthorWorkspace {
  private constructor(private readonly temp: TempDir) {}

  static async create(prefix: string): Promise<AuthorWorkspace> {
    return new AuthorWorkspace(await makeTempDir(prefix));
  }

  get path(): string {
    return this.temp.path;
  }

  /** Runs npm in `cwd`; a failure carries npm's whole output, which is what one needs to see. */
  async npm(cwd: string, args: readonly string[]): Promise<string> {
    try {
      const { stdout } = await exec('npm', [...args], {
        cwd, env: { ...process.env, npm_config_cache: join(this.temp.path, '.npm-cache') }, maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
    }
  }

  /** The author's loop: install (from the registry and the packed API), build, test — no environment variables. */
  async installBuildTest(dir: string): Promise<{ passing: number; output: string }> {
    await this.npm(dir, ['install', '--prefer-offline', '--no-audit', '--no-fund']);
    await this.npm(dir, ['run', 'build']);
    const output = await this.npm(dir, ['test']);
    const passing = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
    if (/\d+ failing/.test(output)) throw new Error(`tests failed in ${dir}:\n${output}`);
    return { passing, output };
  }

  /**
   * An example exactly as written, at the same depth below a TimeLocker folder as in the checkout, so that its
   * relative dependency on workbench/sdk resolves without editing it.
   */
  async copyExample(name: string): Promise<string> {
    const target = join(this.temp.path, 'examples', name);
    await cp(join(repoRoot, 'examples', name), target, {
      recursive: true,
      filter: (path) => !/[/\\](node_modules|dist)$/.test(path) && !path.endsWith('.tgz'),
    });
    await mkdir(join(this.temp.path, 'workbench'), { recursive: true });
    await symlink(join(repoRoot, 'workbench', 'sdk'), join(this.temp.path, 'workbench', 'sdk')).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    return target;
  }

  remove(): Promise<void> {
    return this.temp.remove();
  }
}
