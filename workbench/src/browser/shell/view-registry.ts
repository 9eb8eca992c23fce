import type { ViewContribution } from '../api/api-types.js';
import type { EditorTab, WorkbenchState } from '../state/workbench-state.js';

export interface SideView {
  readonly id: string;
  readonly title: string;
  readonly icon: string;
  readonly contributed?: ViewContribution;
  /** Opens as an editor tab (wide content such as charts) instead of filling the side bar. */
  readonly editor?: boolean;
}

export const VIEWS: readonly SideView[] = [
  { id: 'dashboard', title: 'Dashboard', icon: '▦', editor: true },
  { id: 'repositories', title: 'Repositories', icon: '⛁' },
  { id: 'plans', title: 'Plans', icon: '☰' },
  { id: 'snapshots', title: 'Snapshots', icon: '◷' },
  { id: 'jobs', title: 'Jobs', icon: '▶' },
  { id: 'plugins', title: 'Plugins', icon: '◆' },
  { id: 'audit', title: 'Audit', icon: '✓', editor: true },
  { id: 'reports', title: 'Reports', icon: '▤', editor: true },
  { id: 'config-forms', title: 'Configuration', icon: '☷', editor: true },
  { id: 'settings', title: 'Config file (JSON)', icon: '⚙', editor: true },
];

const TAGS: Record<string, string> = {
  repositories: 'tl-repositories-view',
  plans: 'tl-plans-view',
  snapshots: 'tl-snapshots-view',
  jobs: 'tl-jobs-view',
  plugins: 'tl-plugins-view',
  dashboard: 'tl-dashboard',
  audit: 'tl-audit-view',
  reports: 'tl-reports-view',
  settings: 'tl-settings-editor',
  'config-forms': 'tl-config-forms',
};

type StatefulElement = HTMLElement & { state?: WorkbenchState; view?: ViewContribution };

export function createView(view: SideView, state: WorkbenchState): HTMLElement {
  const element = document.createElement(view.contributed ? 'tl-contributed-view' : TAGS[view.id] ?? 'div') as StatefulElement;
  element.state = state;
  if (view.contributed) element.view = view.contributed;
  return element;
}

export function createEditor(view: SideView, state: WorkbenchState): EditorTab {
  return { id: view.id, title: view.title, element: createView(view, state) };
}
