import { EventEmitter, type CancellationToken, type JsonObject, type PolicyContextDto, type PolicyViolationDto } from '@timelocker/plugin-api';
import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { toPlanDto, toRepositoryDto } from '../config/config-dtos.js';
import type { PolicyConfig, TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { logOnce, type LogOnce } from '../core/log-once.js';
import { type Logger, LogService } from '../core/log-service.js';
import { ContributionRegistry } from '../plugins/contribution-registry.js';
import { PolicyRuleRegistry, type PolicyRuleOutcome } from '../plugins/policy-rule-registry.js';
import { type PolicyFacts, PolicyFactsContribution } from './policy-facts-contribution.js';
import { type PolicyFinding, type PolicyScope, type PolicyService, PolicyViolationError } from './policy-service.js';

/** A rule that does not answer in time must not hold up every backup. */
export const POLICY_RULE_TIMEOUT_MS = 5_000;

function applies(policy: PolicyConfig, scope: PolicyScope, planTags: readonly string[]): boolean {
  const repositories = policy.repositories ?? ['*'];
  if (!repositories.includes('*') && !repositories.includes(scope.repository)) return false;
  if (policy.plans && (!scope.plan || !policy.plans.includes(scope.plan))) return false;
  if (policy.tags && !policy.tags.some((t) => planTags.includes(t))) return false;
  return true;
}

@injectable()
export class PolicyServiceImpl implements PolicyService {
  private readonly logger: Logger;
  private readonly violations = new EventEmitter<{ readonly scope: PolicyScope; readonly findings: readonly PolicyFinding[] }>();
  readonly onDidFindViolations = this.violations.event;
  /** A failing rule is reported once per process (until the config changes): every restic step enforces again. */
  private readonly errorOnce: LogOnce;

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(PolicyRuleRegistry) private readonly rules: PolicyRuleRegistry,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(ContributionProvider) @named(PolicyFactsContribution)
    private readonly facts: ContributionProvider<PolicyFactsContribution>,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('policies');
    this.errorOnce = logOnce((line) => this.logger.error(line));
    config.onDidChangeConfig(() => this.errorOnce.reset());
  }

  async evaluate(scope: PolicyScope, token: CancellationToken, config?: TimeLockerConfig): Promise<PolicyFinding[]> {
    const current = config ?? (await this.config.get());
    const repository = current.repositories[scope.repository];
    if (!repository) return [];
    const plan = scope.plan !== undefined ? current.plans[scope.plan] : undefined;
    const entries = (current.policies ?? []).map((policy, index) => ({ policy, index })).filter(({ policy }) => applies(policy, scope, plan?.tags ?? []));
    if (entries.length === 0) return [];
    const now = new Date();
    // A plan that is not configured (any more) has no facts, and its rules see the repository alone.
    const { plan: _unknown, ...repositoryScope } = scope;
    const factScope = plan ? scope : repositoryScope;
    const facts = await Promise.all(this.facts.getContributions().map(async (contribution) => {
      try {
        return await contribution.facts(current, factScope, now);
      } catch (error) {
        // E.g. an unreadable job history: said loudly, but it must not stop backups, as a failing rule does not.
        this.errorOnce(`policy facts could not be gathered, rules see none: ${(error as Error).message}`);
        return {};
      }
    }));
    const context: PolicyContextDto = {
      operation: scope.operation,
      repository: toRepositoryDto(scope.repository, repository),
      ...(plan && scope.plan ? { plan: toPlanDto(scope.plan, plan) } : {}),
      now: now.toISOString(),
      ...(scope.trigger ? { trigger: scope.trigger } : {}),
      ...(scope.forced ? { forced: true } : {}),
      ...Object.assign({}, ...facts) as PolicyFacts,
    };
    const rules = entries.map(({ policy }) => ({ ruleId: policy.rule, options: (policy.options ?? {}) as JsonObject }));
    const outcomes = await this.rules.evaluate(rules, context, POLICY_RULE_TIMEOUT_MS, token);
    return entries.flatMap(({ policy, index }, k) => {
      const defaultSeverity = this.contributions.find('policyRules', policy.rule)?.entry.defaultSeverity ?? 'error';
      return this.violationsOf(policy, outcomes[k]!).map((v): PolicyFinding => ({
        rule: policy.rule, policy: index, severity: v.severity ?? policy.severity ?? defaultSeverity, message: v.message,
        repository: scope.repository, ...(scope.plan ? { plan: scope.plan } : {}),
      }));
    });
  }

  async enforce(scope: PolicyScope, token: CancellationToken): Promise<PolicyFinding[]> {
    const findings = await this.evaluate(scope, token);
    if (findings.length > 0) this.violations.fire({ scope, findings });
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) throw new PolicyViolationError(errors);
    return findings;
  }

  async evaluateAll(operation: PolicyScope['operation'], token: CancellationToken, config?: TimeLockerConfig): Promise<PolicyFinding[]> {
    const current = config ?? (await this.config.get());
    const scopes: PolicyScope[] = Object.keys(current.repositories).flatMap((repository) => [
      { operation, repository },
      ...Object.entries(current.plans).filter(([, p]) => p.repository === repository).map(([plan]) => ({ operation, repository, plan })),
    ]);
    const findings = (await Promise.all(scopes.map((scope) => this.evaluate(scope, token, current)))).flat();
    // A repository-wide finding shows up again for each plan; keep one.
    const seen = new Set<string>();
    return findings.filter((f) => {
      const key = `${f.policy}|${f.repository}|${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** An unavailable or failing rule is not a violation; it is reported (a warning, and once in the log), and the operation goes on. */
  private violationsOf(policy: PolicyConfig, outcome: PolicyRuleOutcome): PolicyViolationDto[] {
    if ('violations' in outcome) return outcome.violations;
    const reason = outcome.timedOut ? `did not answer within ${POLICY_RULE_TIMEOUT_MS / 1000} s` : outcome.error.message;
    this.errorOnce(`policy rule ${policy.rule} could not be evaluated: ${reason}`);
    return [{ severity: 'warning', message: `rule ${policy.rule} could not be evaluated: ${reason}` }];
  }
}
