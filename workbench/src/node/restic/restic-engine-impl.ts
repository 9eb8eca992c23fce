import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { KernelOptions } from '../core/kernel-options.js';
import { type Logger, LogService } from '../core/log-service.js';
import { classifyResticFailure, describeResticFailure, ResticError, resticFatalLine } from './restic-errors.js';
import type {
  BackupOutcome, BackupProgress, BackupRequest, ResticEngine, ResticTarget, ResticVersion, RestoreOutcome, RestoreRequest,
} from './restic-engine.js';
import { isRecord, parseJsonLine, type ResticBackupStatus, type ResticBackupSummary, type ResticNode, type ResticSnapshot } from './restic-json.js';
import { globalArgs, resticEnvironment, type ResticRunOptions, type ResticRunResult, runRestic } from './restic-process.js';
import { toBackupProgress } from './backup-progress.js';

/** `TIMELOCKER_RESTIC` selects another binary (a newer restic, or a wrapper in tests). */
function resticBinary(): string {
  return process.env['TIMELOCKER_RESTIC'] ?? 'restic';
}

@injectable()
export class ResticEngineImpl implements ResticEngine {
  private readonly logger: Logger;
  private readonly cacheDir: string;
  private versionPromise: Promise<ResticVersion> | undefined;

  constructor(
    @inject(KernelOptions) options: KernelOptions,
    @inject(LogService) private readonly logService: LogService,
  ) {
    this.logger = logService.getLogger('restic');
    this.cacheDir = join(options.dataDir, 'cache', 'restic');
  }

  version(): Promise<ResticVersion> {
    this.versionPromise ??= this.detectVersion();
    return this.versionPromise;
  }

  async init(target: ResticTarget, token: CancellationToken): Promise<void> {
    await this.run(target, ['init'], {}, token);
  }

  async probe(target: ResticTarget, token: CancellationToken): Promise<void> {
    await this.run(target, ['cat', 'config'], { collectStdout: true }, token);
  }

  async backup(target: ResticTarget, request: BackupRequest, onProgress: (p: BackupProgress) => void, token: CancellationToken): Promise<BackupOutcome> {
    const args = ['backup', '--json'];
    for (const pattern of request.exclude) args.push('--exclude', pattern);
    for (const tag of request.tags) args.push('--tag', tag);
    args.push('--', ...request.paths);
    let summary: ResticBackupSummary | undefined;
    const result = await this.run(target, args, {
      progress: true,
      onStdoutLine: (line) => {
        const message = parseJsonLine(line);
        if (!isRecord(message)) return;
        if (message['message_type'] === 'summary') summary = message as unknown as ResticBackupSummary;
        else if (message['message_type'] === 'status' && message['action'] === undefined) {
          onProgress(toBackupProgress(message as unknown as ResticBackupStatus));
        }
      },
    }, token, [0, 3]);
    if (!summary) throw new ResticError('failed', `restic backup ended without a summary for "${target.name}".`, result.exitCode, result.stderr);
    return { summary, unreadable: result.exitCode === 3 ? this.unreadablePaths(result.stderr) : [] };
  }

  async snapshots(target: ResticTarget, token: CancellationToken): Promise<ResticSnapshot[]> {
    const result = await this.run(target, ['snapshots', '--json'], { collectStdout: true }, token);
    const parsed = parseJsonLine(result.stdout);
    return Array.isArray(parsed) ? (parsed as ResticSnapshot[]) : [];
  }

  async ls(target: ResticTarget, snapshotId: string, dir: string, token: CancellationToken): Promise<ResticNode[]> {
    const nodes = await this.lsNodes(target, ['ls', '--json', snapshotId, dir], token);
    const prefix = dir === '/' ? '/' : `${dir.replace(/\/+$/, '')}/`;
    return nodes.filter((n) => n.path.startsWith(prefix) && !n.path.slice(prefix.length).includes('/'));
  }

  lsAll(target: ResticTarget, snapshotId: string, token: CancellationToken): Promise<ResticNode[]> {
    return this.lsNodes(target, ['ls', '--json', snapshotId], token);
  }

  async restore(target: ResticTarget, request: RestoreRequest, token: CancellationToken): Promise<RestoreOutcome> {
    const args = ['restore', request.snapshotId, '--target', request.targetDir];
    for (const include of request.include) args.push('--include', include);
    if (request.verify) args.push('--verify');
    const result = await this.run(target, args, { collectStdout: true, progress: true }, token);
    const verified = /finished verifying (\d+) files/.exec(result.stdout);
    return verified ? { verifiedFiles: Number(verified[1]) } : {};
  }

  private async lsNodes(target: ResticTarget, args: string[], token: CancellationToken): Promise<ResticNode[]> {
    const nodes: ResticNode[] = [];
    await this.run(target, args, {
      onStdoutLine: (line) => {
        const node = parseJsonLine(line);
        if (isRecord(node) && node['struct_type'] === 'node') nodes.push(node as unknown as ResticNode);
      },
    }, token);
    return nodes;
  }

  private unreadablePaths(stderr: string): string[] {
    const paths: string[] = [];
    for (const line of stderr.split('\n')) {
      const message = parseJsonLine(line);
      if (isRecord(message) && message['message_type'] === 'error' && typeof message['item'] === 'string') paths.push(message['item']);
    }
    return paths;
  }

  private async run(
    target: ResticTarget,
    command: readonly string[],
    options: ResticRunOptions,
    token: CancellationToken,
    okExitCodes: readonly number[] = [0],
  ): Promise<ResticRunResult> {
    // Backend secrets were registered when the credentials service resolved them; env also holds plain settings.
    this.logService.addSecret(target.password);
    for (const warning of target.location.warnings ?? []) this.logger.warn(`${target.name}: ${warning}`);
    await mkdir(this.cacheDir, { recursive: true });
    const args = [...globalArgs(target), ...command];
    this.logger.info(`${target.name}: restic ${args.join(' ')}`);
    const env = resticEnvironment(target, this.cacheDir, options.progress ?? false);
    const result = await runRestic(resticBinary(), args, env, options, token);
    if (result.spawnFailed) {
      throw new ResticError('not-installed', `Cannot run restic ("${resticBinary()}"): install it (Debian/Ubuntu: apt-get install restic) or set TIMELOCKER_RESTIC to its path.`, undefined, '');
    }
    if (result.exitCode !== undefined && okExitCodes.includes(result.exitCode) && !result.cancelled) return result;
    if (result.cancelled) await this.removeLockLeftByCancel(target, env);
    const stderr = this.logService.mask(result.stderr);
    const kind = result.cancelled ? 'cancelled' : classifyResticFailure(result.exitCode, stderr);
    const message = describeResticFailure(kind, target.name, resticFatalLine(stderr));
    this.logger.error(`${target.name}: restic ${command[0] ?? ''} failed (exit ${String(result.exitCode)}): ${resticFatalLine(stderr)}`);
    throw new ResticError(kind, message, result.exitCode, stderr);
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
      throw new ResticError('not-installed', `Cannot run restic ("${resticBinary()}"): install it (Debian/Ubuntu: apt-get install restic) or set TIMELOCKER_RESTIC to its path.`, result.exitCode, result.stderr);
    }
    const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return { version: `${major}.${minor}.${patch}`, major, minor, patch };
  }
}
