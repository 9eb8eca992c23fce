import { readFile } from 'node:fs/promises';
import { CancellationToken, type JobSummaryDto, type JsonObject } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { ConfigService } from '../config/config-service.js';
import { LogService } from '../core/log-service.js';
import { PASSWORD_ENV } from '../credentials/credentials-service.js';
import { stripOneNewline } from '../credentials/strip-one-newline.js';
import { isCancellation } from '../jobs/cancellation.js';
import type { JobContext, JobResult } from '../jobs/job-service.js';
import { secretSourceValues } from '../config/secret-source-values.js';
import { hooksFor, type ResolvedHook } from './hook-config.js';
import { runHookProcess } from './hook-process.js';
import { type HookFacts, HookFailedError, type HookRunner } from './hook-runner.js';
import type { HookPhase } from './hooks-schema.js';

/** Lines of one hook's output that go to the job's log; the rest is counted. */
const maxLoggedLines = 500;
/** Variables that would hand a hook restic's or a cloud's credentials. */
const credentialVariables = /^(RESTIC_|AWS_|B2_|AZURE_|GOOGLE_|OS_|ST_)/;

/** What the phase adds to the facts: the outcome so far. */
interface PhaseFacts {
  readonly status?: 'succeeded' | 'failed' | 'cancelled';
  readonly error?: string;
  readonly summary?: JobSummaryDto;
}

@injectable()
export class HookRunnerImpl implements HookRunner {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(LogService) private readonly logs: LogService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {}

  async around(facts: HookFacts, context: JobContext, work: () => Promise<JobResult>): Promise<JobResult> {
    let result: JobResult;
    try {
      const warnings = await this.runPhase('before', facts, {}, context, context.token);
      result = await work();
      if (warnings.length > 0) result = withWarnings(result, warnings);
    } catch (error) {
      const cancelled = isCancellation(error) || context.token.isCancellationRequested;
      const message = this.logs.mask(error instanceof Error ? error.message : String(error));
      // Clean-up hooks must run after a cancel too: they get their own timeout, not the cancelled token.
      await this.runPhase('onError', facts, { status: cancelled ? 'cancelled' : 'failed', error: message }, context, CancellationToken.None)
        .catch((hookError: unknown) => context.log(`onError hooks: ${(hookError as Error).message}`));
      throw error;
    }
    const warnings = await this.runPhase('after', facts, { status: 'succeeded', ...(result.summary ? { summary: result.summary } : {}) }, context, context.token);
    return warnings.length > 0 ? withWarnings(result, warnings) : result;
  }

  /** Runs the phase's hooks in order; returns the warnings of failed `warn` hooks, throws for a failed `fail` hook. */
  private async runPhase(phase: HookPhase, facts: HookFacts, outcome: PhaseFacts, context: JobContext, token: CancellationToken): Promise<string[]> {
    const config = await this.config.get();
    const hooks = hooksFor(config, facts.plan, phase);
    if (hooks.length === 0) return [];
    const secretNames = secretSourceValues(config, 'env');
    await this.maskSecretsOf(config, secretNames);
    const env = this.environment(secretNames, facts, phase, outcome, context.jobId);
    const warnings: string[] = [];
    for (const hook of hooks) {
      const problem = await this.runHook(hook, env, facts, context, token);
      if (!problem) continue;
      if (hook.onFailure === 'fail' && phase !== 'onError') throw new HookFailedError(problem);
      warnings.push(problem);
    }
    return warnings;
  }

  /** Returns what went wrong, or undefined when the hook exited 0. */
  private async runHook(hook: ResolvedHook, env: Record<string, string>, facts: HookFacts, context: JobContext, token: CancellationToken): Promise<string | undefined> {
    const label = `${hook.phase} hook${hook.scope === 'global' ? ' (global)' : ''}`;
    context.log(`${label}: ${hook.command}`);
    let logged = 0;
    const result = await runHookProcess(hook.command, env, hook.timeoutSeconds * 1000, (line) => {
      if (++logged <= maxLoggedLines) context.log(`  ${this.logs.mask(line)}`);
    }, token);
    if (logged > maxLoggedLines) context.log(`  … ${logged - maxLoggedLines} more line(s) not kept`);
    const failure = result.timedOut ? `timed out after ${hook.timeoutSeconds} s`
      : result.cancelled ? 'stopped: the job was cancelled'
        : result.exitCode !== 0 ? `exit ${result.exitCode ?? 'by signal'}${result.lastLine ? `: ${this.logs.mask(result.lastLine)}` : ''}` : undefined;
    context.log(`${label} ${failure ? `failed (${failure})` : 'finished'} in ${(result.durationMs / 1000).toFixed(1)} s`);
    const details: JsonObject = {
      jobId: context.jobId, plan: facts.plan, phase: hook.phase, scope: hook.scope, command: hook.command, onFailure: hook.onFailure,
      durationMs: result.durationMs, timedOut: result.timedOut, ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    };
    await this.audit?.record({
      type: failure ? 'hook.failed' : 'hook.succeeded',
      severity: !failure ? 'info' : hook.onFailure === 'fail' ? 'error' : 'warning',
      target: facts.plan, details,
    });
    return failure ? `${label} "${hook.command}" failed: ${failure}` : undefined;
  }

  /**
   * A `before` hook runs before the job reads its secrets, and a hook may print one (`cat` of a password file, `env`
   * with a copy of a password variable): every secret the config names that can be read without side effects (no
   * command, no keyring prompt) is masked in its output from the start.
   */
  private async maskSecretsOf(config: object, envNames: ReadonlySet<string>): Promise<void> {
    for (const name of [...envNames, PASSWORD_ENV]) {
      const value = process.env[name];
      if (value) this.logs.addSecret(value);
    }
    for (const file of secretSourceValues(config, 'file')) {
      const value = await readFile(file, 'utf8').then(stripOneNewline, () => '');
      if (value) this.logs.addSecret(value);
    }
  }

  private environment(secretNames: ReadonlySet<string>, facts: HookFacts, phase: HookPhase, outcome: PhaseFacts, jobId: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !credentialVariables.test(key) && key !== PASSWORD_ENV && !secretNames.has(key)) env[key] = value;
    }
    const summary = outcome.summary ?? {};
    const optional: Record<string, string | number | undefined> = {
      TIMELOCKER_STATUS: outcome.status,
      TIMELOCKER_ERROR: outcome.error,
      TIMELOCKER_SNAPSHOT_ID: summary.snapshotId,
      TIMELOCKER_FILES_NEW: summary.filesNew,
      TIMELOCKER_FILES_CHANGED: summary.filesChanged,
      TIMELOCKER_DATA_ADDED: summary.dataAdded,
      TIMELOCKER_DURATION_SECONDS: summary.durationSeconds,
    };
    for (const [key, value] of Object.entries(optional)) if (value !== undefined) env[key] = String(value);
    return {
      ...env,
      TIMELOCKER_HOOK: phase,
      TIMELOCKER_JOB_ID: jobId,
      TIMELOCKER_JOB_KIND: facts.kind,
      TIMELOCKER_PLAN: facts.plan,
      TIMELOCKER_REPOSITORY: facts.repository,
      TIMELOCKER_PATHS: facts.paths.join('\n'),
      TIMELOCKER_TAGS: facts.tags.join(','),
    };
  }
}

function withWarnings(result: JobResult, warnings: readonly string[]): JobResult {
  return { ...result, warning: [result.warning, ...warnings].filter(Boolean).join('; ') };
}
