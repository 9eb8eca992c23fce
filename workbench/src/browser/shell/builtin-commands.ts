import type { ContributionsDto } from '../api/api-types.js';
import type { WorkbenchState } from '../state/workbench-state.js';

/** Commands of the workbench itself plus every command plugins contribute (run on the server). */
export function registerBuiltinCommands(state: WorkbenchState, contributions: ContributionsDto): void {
  const show = (id: string, title: string, keybinding?: string): void => state.registerCommand({
    id: `workbench.view.${id}`, title: `Show ${title}`, category: 'View', ...(keybinding ? { keybinding } : {}), run: () => state.showView(id),
  });
  show('dashboard', 'Dashboard');
  show('repositories', 'Repositories');
  show('plans', 'Plans');
  show('snapshots', 'Snapshots');
  show('jobs', 'Jobs');
  show('plugins', 'Plugins');
  show('audit', 'Audit log');
  show('config-forms', 'Configuration', 'Ctrl+,');
  show('settings', 'Config file (JSON)');
  for (const view of contributions.views) show(`contributed:${view.id}`, view.name);
  state.registerCommand({
    id: 'workbench.theme.toggle', title: 'Toggle light/dark theme', category: 'Preferences', keybinding: 'Ctrl+Alt+T',
    run: () => {
      const root = document.documentElement;
      root.dataset['theme'] = root.dataset['theme'] === 'dark' ? 'light' : 'dark';
      localStorage.setItem('timelocker.theme', root.dataset['theme']);
      window.dispatchEvent(new CustomEvent('tl-theme', { detail: root.dataset['theme'] }));
    },
  });
  for (const command of contributions.commands) {
    state.registerCommand({
      id: command.id, title: command.title, category: command.category ?? command.pluginId,
      enabled: () => state.can('admin'),
      run: async () => {
        try {
          const result = await state.api.executeCommand(command.id);
          state.notify('info', `${command.title}: ${result === undefined || result === null ? 'done' : typeof result === 'string' ? result : JSON.stringify(result)}`);
        } catch (error) {
          state.notify('error', `${command.title} failed: ${(error as Error).message}`);
        }
      },
    });
  }
}
