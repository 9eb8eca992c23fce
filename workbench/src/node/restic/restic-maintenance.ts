import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { ResticTarget } from './restic-engine.js';
import { ResticError } from './restic-errors.js';
import { forgetArgs, type ForgetRules, type ResticForgetGroup } from './restic-forget-json.js';
import { parseJsonLine } from './restic-json.js';
import { ResticRunner } from './restic-runner.js';

export const ResticMaintenance = Symbol('ResticMaintenance');

export interface CheckOutcome {
  /** restic's report (plain text in 0.14), secrets masked. */
  readonly output: string;
}

/** restic's repository upkeep commands: forget (JSON), prune, check and unlock (text only in 0.14). */
export interface ResticMaintenance {
  /** `tag` limits the decision to one plan's snapshots. */
  forget(target: ResticTarget, rules: ForgetRules, tag: string | undefined, dryRun: boolean, token: CancellationToken): Promise<ResticForgetGroup[]>;
  /** `onLine` hears restic's report as it prints it (for the job's log). */
  prune(target: ResticTarget, token: CancellationToken, onLine?: (line: string) => void): Promise<string>;
  /** Throws ResticError (reason `failed` with restic's findings) when the repository has errors. */
  check(target: ResticTarget, options: { readonly readDataSubset?: string; readonly onLine?: (line: string) => void }, token: CancellationToken): Promise<CheckOutcome>;
  /** Removes stale locks only (restic never removes a lock whose process is alive). */
  unlock(target: ResticTarget, token: CancellationToken): Promise<void>;
}

@injectable()
export class ResticMaintenanceImpl implements ResticMaintenance {
  constructor(@inject(ResticRunner) private readonly runner: ResticRunner) {}

  async forget(target: ResticTarget, rules: ForgetRules, tag: string | undefined, dryRun: boolean, token: CancellationToken): Promise<ResticForgetGroup[]> {
    const result = await this.runner.run(target, forgetArgs(rules, tag, dryRun), { collectStdout: true }, token);
    // Without matching snapshots restic prints nothing at all.
    const parsed = parseJsonLine(result.stdout.split('\n').find((l) => l.trim().startsWith('[')) ?? '[]');
    if (!Array.isArray(parsed)) throw new ResticError('failed', `restic forget printed no JSON for "${target.name}".`, result.exitCode, result.stderr);
    return parsed as ResticForgetGroup[];
  }

  async prune(target: ResticTarget, token: CancellationToken, onLine?: (line: string) => void): Promise<string> {
    const result = await this.runner.run(target, ['prune'], { collectStdout: true, ...(onLine ? { onStdoutLine: onLine } : {}) }, token);
    return result.stdout;
  }

  async check(target: ResticTarget, options: { readonly readDataSubset?: string; readonly onLine?: (line: string) => void }, token: CancellationToken): Promise<CheckOutcome> {
    const { readDataSubset, onLine } = options;
    const args = ['check', ...(readDataSubset ? [`--read-data-subset=${readDataSubset}`] : [])];
    try {
      const result = await this.runner.run(target, args, { collectStdout: true, ...(onLine ? { onStdoutLine: onLine } : {}) }, token);
      return { output: result.stdout };
    } catch (error) {
      if (error instanceof ResticError && error.reason === 'failed') {
        throw new ResticError('failed', `restic check found errors in repository "${target.name}": ${checkFindings(error.stderr)}`, error.exitCode, error.stderr);
      }
      throw error;
    }
  }

  async unlock(target: ResticTarget, token: CancellationToken): Promise<void> {
    await this.runner.run(target, ['unlock'], { collectStdout: true }, token);
  }
}

/** restic's check report on stderr (e.g. "pack …: does not exist"), without progress and backend retry lines, at most a few. */
export function checkFindings(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('['));
  const findings = lines.filter((l) => l !== 'Fatal: repository contains errors' && !/returned error, retrying after/.test(l));
  return (findings.length > 0 ? findings : lines).slice(0, 8).join('; ') || 'no details';
}
