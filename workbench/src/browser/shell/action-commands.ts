import type { WorkbenchState } from '../state/workbench-state.js';
import { openPlan, openRepository } from '../views/editors.js';
import { startJob } from '../views/job-actions.js';
import { checkRepository, forgetWithPreview, pruneRepository, unlockRepository } from '../views/maintenance-actions.js';
import { openSnapshot } from '../views/snapshots-view.js';

const PREFIX = 'timelocker.action.';

async function restoreLatest(state: WorkbenchState, plan: string): Promise<void> {
  const [latest] = (await state.attempt(`Finding the latest snapshot of ${plan}`, () => state.api.snapshots({ plan, latest: 1 }))) ?? [];
  if (latest) openSnapshot(state, latest);
  else state.notify('warning', `Plan ${plan} has no snapshot yet: back it up first.`, `restore:${plan}`);
}

/**
 * The palette's actions on what is configured — back up plan X, check repository Y, restore the latest of Z … —
 * registered again whenever plans or repositories change. Each is enabled only for roles that may run it.
 */
export function registerActionCommands(state: WorkbenchState): void {
  const operator = (): boolean => state.can('operator');
  const admin = (): boolean => state.can('admin');
  const refresh = async (): Promise<void> => {
    const [plans, repositories] = await Promise.all([state.attempt('Loading plans', () => state.api.plans()), state.attempt('Loading repositories', () => state.api.repositories())]);
    if (!plans || !repositories) return;
    state.unregisterCommands((id) => id.startsWith(PREFIX));
    state.registerCommand({ id: `${PREFIX}plan.new`, title: 'Add a plan…', category: 'Plan', enabled: admin, run: () => openPlan(state) });
    for (const { name } of plans) {
      state.registerCommand({ id: `${PREFIX}backup.${name}`, title: `Back up plan ${name}`, category: 'Plan', enabled: operator, run: () => startJob(state, { kind: 'backup', plan: name }, `Backup of ${name}`) });
      state.registerCommand({ id: `${PREFIX}restore.${name}`, title: `Restore from the latest snapshot of ${name}…`, category: 'Plan', run: () => restoreLatest(state, name) });
      state.registerCommand({ id: `${PREFIX}forget.${name}`, title: `Forget old snapshots of ${name} (preview first)…`, category: 'Plan', enabled: operator, run: () => forgetWithPreview(state, name) });
      state.registerCommand({ id: `${PREFIX}plan.${name}`, title: `Edit plan ${name}`, category: 'Plan', run: () => openPlan(state, name) });
    }
    for (const { name } of repositories) {
      state.registerCommand({ id: `${PREFIX}check.${name}`, title: `Check repository ${name}…`, category: 'Repository', enabled: operator, run: () => checkRepository(state, name) });
      state.registerCommand({ id: `${PREFIX}prune.${name}`, title: `Prune repository ${name}…`, category: 'Repository', enabled: operator, run: () => pruneRepository(state, name) });
      state.registerCommand({ id: `${PREFIX}unlock.${name}`, title: `Remove stale locks of ${name}`, category: 'Repository', enabled: operator, run: () => unlockRepository(state, name) });
      state.registerCommand({ id: `${PREFIX}repository.${name}`, title: `Edit repository ${name}`, category: 'Repository', run: () => openRepository(state, name) });
    }
  };
  state.subscribe('plans', () => void refresh());
  state.subscribe('repositories', () => void refresh());
  void refresh();
}
