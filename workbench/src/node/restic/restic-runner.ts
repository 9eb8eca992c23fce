import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { SnapshotCache } from '../catalog/snapshot-cache.js';
import { KernelOptions } from '../core/kernel-options.js';
import { logOnce, type LogOnce } from '../core/log-once.js';
import { type Logger, LogService } from '../core/log-service.js';
import { classifyResticFailure, describeMissingKnownRepository, describeResticFailure, ResticError, resticFatalLine } from './restic-errors.js';
import type { ResticTarget, ResticVersion } from './restic-engine.js';
import { globalArgs, resticEnvironment, type ResticRunOptions, type ResticRunResult, runRestic, withPriority } from './restic-process.js';

export const ResticRunner = Symbol('ResticRunner');

/**
 * Runs one restic command for a repository: argv without secrets, env with them, limits applied, failures mapped to
 * typed ResticErrors. Features that add restic commands (maintenance, stats …) build on it.
 */
export interface ResticRunner {
  version(): Promise<ResticVersion>;
  run(target: ResticTarget, command: readonly string[], options: ResticRunOptions, token: CancellationToken, okExitCodes?: readonly number[]): Promise<ResticRunResult>;
}

/** `TIMELOCKER_RESTIC` selects another binary (a newer restic, or a wrapper in tests). */
export function resticBinary(): string {
  return process.env['TIMELOCKER_RESTIC'] ?? 'restic';
}

const notInstalled = (): string => `Cannot run restic ("${resticBinary()}"): install it (Debian/Ubuntu: apt-get install restic) or set TIMELOCKER_RESTIC to its path.`;

@injectable()
export class ResticRunnerImpl implements ResticRunner {
  private readonly logger: Logger;
  private readonly cacheDir: string;
  private versionPromise: Promise<ResticVersion> | undefined;
  /** A target's warnings (backend notes, policy warnings) come with every restic step of a job: logged once. */
  private readonly warnOnce: LogOnce;

  constructor(
    @inject(KernelOptions) options: KernelOptions,
    @inject(LogService) private readonly logService: LogService,
    @inject(SnapshotCache) @optional() private readonly snapshots?: SnapshotCache,
  ) {
    this.logger = logService.getLogger('restic');
    this.warnOnce = logOnce((line) => this.logger.warn(line));
    this.cacheDir = join(options.dataDir, 'cache', 'restic');
  }

  version(): Promise<ResticVersion> {
    this.versionPromise ??= this.detectVersion();
    return this.versionPromise;
  }

  async run(
    target: ResticTarget,
    command: readonly string[],
    options: ResticRunOptions,
    token: CancellationToken,
    okExitCodes: readonly number[] = [0],
  ): Promise<ResticRunResult> {
    // Backend secrets were registered when the credentials service resolved them; env also holds plain settings.
    this.logService.addSecret(target.password);
    for (const warning of target.location.warnings ?? []) this.warnOnce(`${target.name}: ${warning}`);
    await mkdir(this.cacheDir, { recursive: true });
    const args = [...globalArgs(target), ...command];
    this.logger.info(`${target.name}: restic ${args.join(' ')}`);
    const env = resticEnvironment(target, this.cacheDir, options.progress ?? false);
    const [program, argv] = withPriority(resticBinary(), args, target.limits);
    const result = await runRestic(program, argv, env, options, token);
    if (result.spawnFailed) {
      throw new ResticError('not-installed', notInstalled(), undefined, '');
    }
    if (result.exitCode !== undefined && okExitCodes.includes(result.exitCode) && !result.cancelled) return result;
    // A command run with --no-lock took no lock, so its cancel leaves none behind.
    if (result.cancelled && !command.includes('--no-lock')) await this.removeLockLeftByCancel(target, env);
    const stderr = this.logService.mask(result.stderr);
    const reason = result.cancelled ? 'cancelled' : classifyResticFailure(result.exitCode, stderr, await this.version().catch(() => undefined));
    const known = reason === 'repository-missing' ? await this.snapshots?.known(target.name).catch(() => undefined) : undefined;
    const message = known
      ? describeMissingKnownRepository(target.name, this.logService.mask(target.location.repository), known)
      : describeResticFailure(reason, target.name, resticFatalLine(stderr));
    this.logger.error(`${target.name}: restic ${command[0] ?? ''} failed (exit ${String(result.exitCode)}): ${resticFatalLine(stderr)}`);
    throw new ResticError(reason, message, result.exitCode, stderr);
  }

  /**
   * A SIGINT that lands while restic is still taking its lock can leave the lock file behind. `restic unlock`
   * removes only locks whose process is gone, so it never breaks a lock another live restic holds.
   */
  private async removeLockLeftByCancel(target: ResticTarget, env: Record<string, string>): Promise<void> {
    const unlock = await runRestic(resticBinary(), [...globalArgs(target), 'unlock'], env, {}, CancellationToken.None);
    if (unlock.exitCode !== 0) this.logger.warn(`${target.name}: could not clear a stale lock after cancelling: ${resticFatalLine(this.logService.mask(unlock.stderr))}`);
  }

  private plainEnvironment(): Record<string, string> {
    return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  }

  private async detectVersion(): Promise<ResticVersion> {
    const result = await runRestic(resticBinary(), ['version'], this.plainEnvironment(), { collectStdout: true }, CancellationToken.None);
    const match = /restic (\d+)\.(\d+)\.(\d+)/.exec(result.stdout);
    if (result.spawnFailed || !match) {
      throw new ResticError('not-installed', notInstalled(), result.exitCode, result.stderr);
    }
    const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return { version: `${major}.${minor}.${patch}`, major, minor, patch };
  }
}
