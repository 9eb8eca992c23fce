import type { TimeLockerConfig } from '../config/config-model.js';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, type HookFailurePolicy, type HookPhase, hookPhases } from './hooks-schema.js';

export interface HookConfig {
  readonly command: string;
  readonly timeoutSeconds?: number;
  readonly onFailure?: HookFailurePolicy;
}

export type HooksConfig = Partial<Record<HookPhase, readonly HookConfig[]>>;

/** A hook ready to run: defaults applied, and where it was configured. */
export interface ResolvedHook {
  readonly phase: HookPhase;
  readonly scope: 'global' | 'plan';
  readonly index: number;
  readonly command: string;
  readonly timeoutSeconds: number;
  readonly onFailure: HookFailurePolicy;
}

export function defaultFailurePolicy(phase: HookPhase): HookFailurePolicy {
  return phase === 'before' ? 'fail' : 'warn';
}

export function hooksOf(value: unknown): HooksConfig {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as HooksConfig) : {};
}

/** The hooks of one phase for a plan: global ones first, then the plan's own. */
export function hooksFor(config: TimeLockerConfig, plan: string, phase: HookPhase): ResolvedHook[] {
  const scopes: Array<['global' | 'plan', HooksConfig]> = [['global', hooksOf(config['hooks'])], ['plan', hooksOf(config.plans[plan]?.['hooks'])]];
  return scopes.flatMap(([scope, hooks]) => (hooks[phase] ?? []).map((hook, index): ResolvedHook => ({
    phase, scope, index, command: hook.command,
    timeoutSeconds: hook.timeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS,
    onFailure: hook.onFailure ?? defaultFailurePolicy(phase),
  })));
}

/** Drops empty phases so the config file keeps only what says something. */
export function compactHooks(hooks: HooksConfig): HooksConfig | undefined {
  const entries = hookPhases.filter((phase) => (hooks[phase]?.length ?? 0) > 0).map((phase) => [phase, hooks[phase]!] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
