import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CliResult, type CliRunOptions, repoRoot, runCli, type RunningCli, spawnCli } from './cli.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

/**
 * A throw-away TimeLocker installation: own config file, data dir and restic argv log.
 * Every CLI call goes through the argv recorder, so tests can inspect what restic was given.
 */
export class TestWorkspace {
  readonly outputs: CliResult[] = [];

  private constructor(readonly temp: TempDir, private readonly baseEnv: Record<string, string | undefined>) {}

  /** `env` overrides the parent's environment; an `undefined` value removes that variable. */
  static async create(env: Record<string, string | undefined> = {}): Promise<TestWorkspace> {
    const temp = await makeTempDir('tl-e2e');
    return new TestWorkspace(temp, {
      TIMELOCKER_CONFIG: join(temp.path, 'config', 'timelocker.json'),
      TIMELOCKER_DATA_DIR: join(temp.path, 'data'),
      TIMELOCKER_RESTIC: join(repoRoot, 'test', 'fixtures', 'restic-argv-recorder.sh'),
      TIMELOCKER_TEST_ARGV_LOG: join(temp.path, 'restic-argv.log'),
      ...env,
    });
  }

  get path(): string {
    return this.temp.path;
  }

  get configFile(): string {
    return this.baseEnv['TIMELOCKER_CONFIG']!;
  }

  get dataDir(): string {
    return this.baseEnv['TIMELOCKER_DATA_DIR']!;
  }

  async cli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
    const result = await runCli(args, { ...options, env: { ...this.baseEnv, ...options.env } });
    this.outputs.push(result);
    return result;
  }

  /** Starts a CLI command without waiting for it (for signals mid-run). */
  spawn(args: readonly string[], options: CliRunOptions = {}): RunningCli {
    const running = spawnCli(args, { ...options, env: { ...this.baseEnv, ...options.env } });
    void running.done.then((result) => this.outputs.push(result));
    return running;
  }

  /** Every restic argv so far, each as its list of arguments. */
  async resticArgv(): Promise<string[][]> {
    const log = await readFile(this.baseEnv['TIMELOCKER_TEST_ARGV_LOG']!, 'utf8').catch(() => '');
    return log.split('\n').filter(Boolean).map((line) => line.split('\0').filter((a) => a.length > 0));
  }

  remove(): Promise<void> {
    return this.temp.remove();
  }
}
