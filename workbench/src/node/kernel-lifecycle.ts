import type { ContributionProvider } from '../common/contribution-provider.js';
import type { KernelContribution } from '../common/kernel-contribution.js';
import type { Logger } from './core/log-service.js';

type Phase = 'initialize' | 'onStart' | 'onStop';

/** Runs one lifecycle phase over every contribution; one failing contribution is logged, never fatal to the others. */
export async function runPhase(provider: ContributionProvider<KernelContribution>, phase: Phase, logger: Logger): Promise<void> {
  for (const contribution of provider.getContributions()) {
    const hook = contribution[phase];
    if (!hook) continue;
    const started = performance.now();
    try {
      await hook.call(contribution);
      logger.debug(`${contribution.id}.${phase} took ${(performance.now() - started).toFixed(1)} ms`);
    } catch (error) {
      logger.error(`${contribution.id}.${phase} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
