import type { HookConfig, HooksConfig } from './hook-config.js';
import type { HookPhase } from './hooks-schema.js';

export const HookService = Symbol('HookService');

export interface HookListing {
  readonly global: HooksConfig;
  readonly plans: Readonly<Record<string, HooksConfig>>;
}

/** Reads and edits the `hooks` of the config (global when `plan` is undefined); writes are validated like any config edit. */
export interface HookService {
  list(): Promise<HookListing>;
  get(plan: string | undefined): Promise<HooksConfig>;
  set(plan: string | undefined, hooks: HooksConfig): Promise<HooksConfig>;
  add(plan: string | undefined, phase: HookPhase, hook: HookConfig): Promise<HooksConfig>;
  /** `index` counts from 0 within the phase, as `list` shows them. */
  remove(plan: string | undefined, phase: HookPhase, index: number): Promise<HooksConfig>;
}
