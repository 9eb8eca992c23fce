import { isAbsolute, resolve } from 'node:path';
import type { JsonObject, PlanDto } from '@timelocker/plugin-api';
import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { toPlanDto } from '../config/config-dtos.js';
import { ConfigService } from '../config/config-service.js';
import { PlanReferenceContribution } from '../config/plan-reference-contribution.js';
import { ConflictError, NotFoundError, UsageError } from '../core/errors.js';
import { planPathWarnings } from './plan-path-warnings.js';
import type { AddedPlan, AddPlanRequest, PlanService } from './plan-service.js';

const planName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

@injectable()
export class PlanServiceImpl implements PlanService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ContributionProvider) @named(PlanReferenceContribution)
    private readonly planReferences: ContributionProvider<PlanReferenceContribution>,
  ) {}

  async list(): Promise<PlanDto[]> {
    const config = await this.config.get();
    return Object.entries(config.plans).map(([name, plan]) => toPlanDto(name, plan));
  }

  async get(name: string): Promise<PlanDto> {
    const config = await this.config.get();
    const plan = config.plans[name];
    if (!plan) {
      const known = Object.keys(config.plans);
      throw new NotFoundError(`Unknown plan "${name}". ${known.length ? `Configured: ${known.join(', ')}.` : 'Add one with `timelocker plan add`.'}`);
    }
    return toPlanDto(name, plan);
  }

  async add(request: AddPlanRequest): Promise<AddedPlan> {
    if (!planName.test(request.name)) throw new UsageError(`Invalid plan name "${request.name}": use letters, digits, '.', '_' and '-'.`);
    const config = await this.config.get();
    if (config.plans[request.name]) throw new ConflictError(`Plan "${request.name}" already exists.`);
    if (!config.repositories[request.repository]) throw new NotFoundError(`Unknown repository "${request.repository}": add it first with \`timelocker repo add\`.`);
    if (request.paths.length === 0) throw new UsageError('A plan needs at least one --path.');
    // Relative paths would change the layout restic stores; pin them to absolute ones now.
    const paths = request.paths.map((p) => (isAbsolute(p) ? p : resolve(p)));
    const entry: JsonObject = {
      repository: request.repository,
      paths,
      ...(request.exclude.length ? { exclude: [...request.exclude] } : {}),
      ...(request.tags.length ? { tags: [...request.tags] } : {}),
    };
    const saved = await this.config.modify(['plans', request.name], entry);
    const warnings = await planPathWarnings(paths, request.exclude, request.repository, config.repositories[request.repository]!);
    return { ...toPlanDto(request.name, saved.plans[request.name]!), warnings };
  }

  async remove(name: string): Promise<void> {
    await this.get(name);
    await this.config.modify(['plans', name], undefined);
  }

  async entry(name: string): Promise<JsonObject> {
    await this.get(name);
    return (await this.config.get()).plans[name] as unknown as JsonObject;
  }

  async update(name: string, entry: JsonObject): Promise<PlanDto> {
    await this.get(name);
    const config = await this.config.get();
    const repository = entry['repository'];
    if (typeof repository !== 'string' || !config.repositories[repository]) {
      throw new NotFoundError(`Unknown repository "${String(repository)}": choose one of ${Object.keys(config.repositories).join(', ') || 'none (add a repository first)'}.`);
    }
    const relative = (Array.isArray(entry['paths']) ? entry['paths'] : []).filter((p) => typeof p !== 'string' || !isAbsolute(p));
    if (relative.length > 0) throw new UsageError(`Plan "${name}": paths must be absolute (start with /): ${relative.map((p) => `"${String(p)}"`).join(', ')}.`);
    const saved = await this.config.modify(['plans', name], entry);
    return toPlanDto(name, saved.plans[name]!);
  }

  async rename(from: string, to: string): Promise<PlanDto> {
    await this.get(from);
    if (!planName.test(to)) throw new UsageError(`Invalid plan name "${to}": use letters, digits, '.', '_' and '-'.`);
    const config = await this.config.get();
    if (config.plans[to]) throw new ConflictError(`Plan "${to}" already exists.`);
    const references = this.planReferences.getContributions().flatMap((contribution) => contribution.planReferences(config));
    // Each step leaves a valid config: the new entry exists before anything names it.
    await this.config.modify(['plans', to], config.plans[from] as unknown as JsonObject);
    for (const { jsonPath, plans } of references) {
      if (plans.includes(from)) await this.config.modify(jsonPath, plans.map((n) => (n === from ? to : n)));
    }
    await this.config.modify(['plans', from], undefined);
    return this.get(to);
  }
}
