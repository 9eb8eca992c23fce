import type { JsonValue } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { ConfigService, type JsonPathSegment } from '../config/config-service.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { compactHooks, type HookConfig, type HooksConfig, hooksOf } from './hook-config.js';
import type { HookListing, HookService } from './hook-service.js';
import type { HookPhase } from './hooks-schema.js';

@injectable()
export class HookServiceImpl implements HookService {
  constructor(@inject(ConfigService) private readonly config: ConfigService) {}

  async list(): Promise<HookListing> {
    const config = await this.config.get();
    const plans = Object.entries(config.plans).map(([name, plan]) => [name, hooksOf(plan['hooks'])] as const);
    return { global: hooksOf(config['hooks']), plans: Object.fromEntries(plans.filter(([, hooks]) => compactHooks(hooks) !== undefined)) };
  }

  async get(plan: string | undefined): Promise<HooksConfig> {
    const config = await this.config.get();
    if (plan === undefined) return hooksOf(config['hooks']);
    const entry = config.plans[plan];
    if (!entry) throw new NotFoundError(`Unknown plan "${plan}". Configured: ${Object.keys(config.plans).join(', ') || 'none'}.`);
    return hooksOf(entry['hooks']);
  }

  async set(plan: string | undefined, hooks: HooksConfig): Promise<HooksConfig> {
    await this.get(plan);
    const path: JsonPathSegment[] = plan === undefined ? ['hooks'] : ['plans', plan, 'hooks'];
    await this.config.modify(path, compactHooks(hooks) as JsonValue | undefined);
    return this.get(plan);
  }

  async add(plan: string | undefined, phase: HookPhase, hook: HookConfig): Promise<HooksConfig> {
    const hooks = await this.get(plan);
    return this.set(plan, { ...hooks, [phase]: [...(hooks[phase] ?? []), hook] });
  }

  async remove(plan: string | undefined, phase: HookPhase, index: number): Promise<HooksConfig> {
    const hooks = await this.get(plan);
    const list = hooks[phase] ?? [];
    if (!Number.isInteger(index) || index < 0 || index >= list.length) {
      throw new UsageError(`No ${phase} hook #${index} ${plan === undefined ? 'in the global hooks' : `in plan "${plan}"`}: it has ${list.length}.`);
    }
    return this.set(plan, { ...hooks, [phase]: list.filter((_, i) => i !== index) });
  }
}
