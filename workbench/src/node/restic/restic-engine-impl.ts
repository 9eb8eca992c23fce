import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { NotFoundError, UsageError } from '../core/errors.js';
import { toBackupProgress } from './backup-progress.js';
import { ResticError, unrestoredFiles } from './restic-errors.js';
import type {
  BackupOutcome, BackupProgress, BackupRequest, ResticEngine, ResticTarget, ResticVersion, RestoreOutcome, RestoreRequest,
} from './restic-engine.js';
import { isRecord, parseJsonLine, type ResticBackupStatus, type ResticBackupSummary, type ResticNode, type ResticSnapshot } from './restic-json.js';
import { localSnapshotIds, snapshotIdPattern } from './local-snapshot-ids.js';
import { ResticRunner } from './restic-runner.js';
import type { ResticRunResult } from './restic-process.js';

@injectable()
export class ResticEngineImpl implements ResticEngine {
  constructor(@inject(ResticRunner) private readonly runner: ResticRunner) {}

  version(): Promise<ResticVersion> {
    return this.runner.version();
  }

  async init(target: ResticTarget, token: CancellationToken): Promise<void> {
    await this.runner.run(target, ['init'], {}, token);
  }

  async probe(target: ResticTarget, token: CancellationToken): Promise<void> {
    await this.runner.run(target, ['cat', 'config'], { collectStdout: true }, token);
  }

  async backup(target: ResticTarget, request: BackupRequest, onProgress: (p: BackupProgress) => void, token: CancellationToken): Promise<BackupOutcome> {
    const args = ['backup', '--json'];
    for (const pattern of request.exclude) args.push('--exclude', pattern);
    for (const tag of request.tags) args.push('--tag', tag);
    args.push('--', ...request.paths);
    let summary: ResticBackupSummary | undefined;
    const result = await this.runner.run(target, args, {
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
    // Reads take no lock (--no-lock): listing must not fail while a forget or prune holds the exclusive one.
    const result = await this.runner.run(target, ['snapshots', '--json', '--no-lock'], { collectStdout: true }, token);
    const parsed = parseJsonLine(result.stdout);
    return Array.isArray(parsed) ? (parsed as ResticSnapshot[]) : [];
  }

  async snapshotIds(target: ResticTarget, token: CancellationToken): Promise<string[]> {
    const local = await this.localSnapshotIds(target.location.repository);
    if (local) return local;
    const result = await this.runner.run(target, ['list', 'snapshots', '--no-lock'], { collectStdout: true }, token);
    return result.stdout.split('\n').filter((line) => snapshotIdPattern.test(line));
  }

  localSnapshotIds(repository: string): Promise<string[] | undefined> {
    return localSnapshotIds(repository);
  }

  async ls(target: ResticTarget, snapshotId: string, dir: string, token: CancellationToken): Promise<ResticNode[]> {
    const nodes = await this.lsNodes(target, ['ls', '--json', '--no-lock', snapshotId, dir], token);
    const folder = dir.replace(/\/+$/, '');
    if (folder !== '') {
      // restic lists the folder itself before what is in it: without it, an empty answer would pass for an empty folder.
      const itself = nodes.find((n) => n.path === folder);
      if (!itself) throw new NotFoundError(`"${folder}" is not in snapshot ${snapshotId.slice(0, 8)}: list the folder above it to see what is there.`);
      if (itself.type !== 'dir') throw new UsageError(`"${folder}" is a ${itself.type} in snapshot ${snapshotId.slice(0, 8)}, not a folder: \`timelocker dump\` writes out a file.`);
    }
    const prefix = `${folder}/`;
    return nodes.filter((n) => n.path.startsWith(prefix) && !n.path.slice(prefix.length).includes('/'));
  }

  lsAll(target: ResticTarget, snapshotId: string, token: CancellationToken): Promise<ResticNode[]> {
    return this.lsNodes(target, ['ls', '--json', '--no-lock', snapshotId], token);
  }

  async restore(target: ResticTarget, request: RestoreRequest, token: CancellationToken): Promise<RestoreOutcome> {
    const args = ['restore', request.snapshotId, '--target', request.targetDir];
    for (const include of request.include) args.push('--include', include);
    if (request.verify) args.push('--verify');
    let result: ResticRunResult;
    try {
      result = await this.runner.run(target, args, { collectStdout: true, progress: true }, token);
    } catch (error) {
      const unrestored = error instanceof ResticError ? unrestoredFiles(error.stderr) : [];
      if (unrestored.length === 0) throw error;
      return { unrestored };
    }
    const verified = /finished verifying (\d+) files/.exec(result.stdout);
    return verified ? { verifiedFiles: Number(verified[1]) } : {};
  }

  private async lsNodes(target: ResticTarget, args: string[], token: CancellationToken): Promise<ResticNode[]> {
    const nodes: ResticNode[] = [];
    await this.runner.run(target, args, {
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
}
