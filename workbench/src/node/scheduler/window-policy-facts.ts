import type { PolicyFactsContribution } from '../policies/policy-facts-contribution.js';
import { isWindowOpen } from './backup-window.js';
import { effectiveWindow } from './schedule-config.js';

/** Policy rules see the plan's backup window and whether it is open now. */
export const windowPolicyFacts: PolicyFactsContribution = {
  facts: (config, { plan }, now) => {
    const window = plan !== undefined ? effectiveWindow(config, plan) : undefined;
    return window ? { window: { ...(window.days ? { days: window.days } : {}), start: window.start, end: window.end, openNow: isWindowOpen(window, now) } } : {};
  },
};
