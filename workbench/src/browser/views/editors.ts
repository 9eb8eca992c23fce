import type { WorkbenchState } from '../state/workbench-state.js';
import { PlanEditor } from './plan-editor.js';
import { RepositoryEditor } from './repository-editor.js';

/** Opens (or focuses) the editor tab of a plan; without a name, a form for a new plan. */
export function openPlan(state: WorkbenchState, plan?: string): void {
  const editor = new PlanEditor();
  editor.state = state;
  editor.plan = plan;
  editor.classList.add('page-host');
  state.openEditor({ id: plan ? `plan:${plan}` : 'plan:new', title: plan ? `Plan ${plan}` : 'New plan', element: editor });
}

export function openRepository(state: WorkbenchState, repository: string): void {
  const editor = new RepositoryEditor();
  editor.state = state;
  editor.repository = repository;
  state.openEditor({ id: `repository:${repository}`, title: `Repository ${repository}`, element: editor });
}
