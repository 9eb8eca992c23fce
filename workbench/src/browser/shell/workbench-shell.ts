import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ContributionsDto } from '../api/api-types.js';
import { StateController, type EditorTab, type WorkbenchState } from '../state/workbench-state.js';
import { sharedStyles } from './shared-styles.js';
import { registerActionCommands } from './action-commands.js';
import { commandForKey } from './keybindings.js';
import { createEditor, createView, type SideView, VIEWS } from './view-registry.js';
import './command-palette.js';
import './job-panel.js';
import './status-bar.js';
import './toast-host.js';

/** Activity bar · side bar · editor tabs · bottom panel · status bar, laid out like a code workbench. */
@customElement('tl-shell')
export class WorkbenchShell extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: grid; height: 100%; grid-template: 'act side main' 1fr 'status status status' 24px / 48px 280px 1fr; }
    nav.activity { grid-area: act; background: var(--tl-bg-bar); display: flex; flex-direction: column; align-items: center; padding-top: 4px; gap: 2px; }
    nav.activity button { width: 40px; height: 40px; background: none; border: none; border-left: 2px solid transparent; color: var(--tl-muted); font-size: 18px; padding: 0; border-radius: 0; }
    nav.activity button[aria-pressed='true'] { color: var(--tl-fg); border-left-color: var(--tl-accent); }
    nav.activity .spacer { flex: 1; }
    aside { grid-area: side; background: var(--tl-bg-alt); border-right: 1px solid var(--tl-bg-bar); overflow: hidden; display: flex; flex-direction: column; min-height: 0; }
    aside > * { flex: 1; min-height: 0; }
    main { grid-area: main; display: grid; grid-template-rows: 32px 1fr auto; min-width: 0; min-height: 0; }
    .tabs { display: flex; background: var(--tl-bg-bar); overflow-x: auto; }
    .tab { display: flex; align-items: center; gap: 4px; padding: 0 6px 0 12px; border-right: 1px solid var(--tl-bg); cursor: pointer; white-space: nowrap; color: var(--tl-muted); }
    .tab[aria-selected='true'] { background: var(--tl-bg); color: var(--tl-fg); border-top: 2px solid var(--tl-accent); }
    /* Closing is the tab's own key (Delete) for keyboards; the mouse gets this target (no control nested in a tab). */
    .tab .close { display: inline-block; min-width: 24px; text-align: center; cursor: pointer; border-radius: 3px; }
    .tab .close:hover { background: var(--tl-bg-alt); }
    .editors { position: relative; min-height: 0; overflow: hidden; }
    .editors > * { position: absolute; inset: 0; overflow: auto; }
    .editors > [hidden] { display: none; }
    tl-job-panel { border-top: 1px solid var(--tl-border); height: 180px; }
    tl-status-bar { grid-area: status; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property({ attribute: false }) contributedViews: ContributionsDto['views'] = [];
  @state() private activeView = 'repositories';
  @state() private editors: EditorTab[] = [];
  @state() private activeEditor = '';
  @state() private panelOpen = true;
  /** The one activity-bar item shown as active: the view the user chose last (side bar or editor). */
  @state() private current = 'repositories';
  private readonly views = new Map<string, HTMLElement>();
  private readonly onKey = (event: KeyboardEvent): void => {
    const command = commandForKey(this.state.commands.values(), event);
    if (!command || command.enabled?.() === false) return;
    event.preventDefault();
    void Promise.resolve().then(() => command.run());
  };

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['views']);
    this.state.openEditor = (tab) => this.openEditor(tab);
    this.state.closeEditor = (id) => this.closeEditor(id);
    this.state.showView = (id) => {
      const view = this.sideViews.find((v) => v.id === id);
      if (view) this.activate(view);
    };
    this.state.registerCommand({ id: 'workbench.togglePanel', title: 'Toggle job output panel', category: 'View', keybinding: 'Ctrl+J', run: () => (this.panelOpen = !this.panelOpen) });
    registerActionCommands(this.state);
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  get sideViews(): SideView[] {
    // The reports plugin's `reports` view only lists types and formats: the built-in Reports editor of the same id generates them.
    const contributed = this.contributedViews.filter((view) => !VIEWS.some((builtin) => builtin.id === view.id || view.aliases?.includes(builtin.id))).map((view): SideView => ({
      id: `contributed:${view.id}`, title: view.name, icon: view.name.slice(0, 1).toUpperCase(), contributed: view,
    }));
    return [...VIEWS, ...contributed];
  }

  activate(view: SideView): void {
    this.current = view.id;
    if (view.editor) this.openEditor(this.editors.find((e) => e.id === view.id) ?? createEditor(view, this.state));
    else this.activeView = view.id;
  }

  openEditor(tab: EditorTab): void {
    if (!this.editors.some((e) => e.id === tab.id)) this.editors = [...this.editors, tab];
    this.selectEditor(tab.id);
  }

  private selectEditor(id: string): void {
    this.activeEditor = id;
    // An editor that is itself an activity-bar view (Dashboard …) becomes the active item; other tabs leave the side view's.
    this.current = this.sideViews.some((v) => v.editor && v.id === id) ? id : this.activeView;
  }

  closeEditor(id: string): void {
    const index = this.editors.findIndex((e) => e.id === id);
    if (index < 0) return;
    this.editors = this.editors.filter((e) => e.id !== id);
    if (this.activeEditor === id) this.selectEditor(this.editors[Math.min(index, this.editors.length - 1)]?.id ?? '');
  }

  private viewElement(view: SideView): HTMLElement {
    let element = this.views.get(view.id);
    if (!element) this.views.set(view.id, (element = createView(view, this.state)));
    return element;
  }

  private onTabKey(event: KeyboardEvent, index: number): void {
    const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (move) {
      const next = this.editors[(index + move + this.editors.length) % this.editors.length];
      if (next) this.selectEditor(next.id);
      (this.renderRoot.querySelector(`.tab[data-id="${CSS.escape(next?.id ?? '')}"]`) as HTMLElement | null)?.focus();
    } else if (event.key === 'Delete') this.closeEditor(this.editors[index]!.id);
  }

  protected override render(): TemplateResult {
    const views = this.sideViews;
    const active = views.find((v) => v.id === this.activeView && !v.editor) ?? views.find((v) => !v.editor)!;
    return html`
      <nav class="activity" aria-label="Views">
        ${views.map((view) => html`<button title=${view.title} aria-label=${view.title} aria-pressed=${view.id === this.current ? 'true' : 'false'}
          data-view=${view.id} @click=${() => this.activate(view)}>${view.icon}</button>`)}
        <span class="spacer"></span>
        <button title="Command palette (Ctrl+Shift+P)" aria-label="Command palette" data-view="palette" @click=${() => this.paletteOpen()}>⌘</button>
      </nav>
      <aside aria-label=${active.title}>${this.viewElement(active)}</aside>
      <main>
        <div class="tabs" role="tablist" aria-label="Editors">
          ${this.editors.map((tab, index) => html`<div class="tab" role="tab" tabindex=${tab.id === this.activeEditor ? 0 : -1} data-id=${tab.id}
              aria-selected=${tab.id === this.activeEditor ? 'true' : 'false'} aria-keyshortcuts="Delete" title="${tab.title} (Delete closes it)"
              @click=${() => this.selectEditor(tab.id)} @auxclick=${(e: MouseEvent) => e.button === 1 && this.closeEditor(tab.id)}
              @keydown=${(e: KeyboardEvent) => this.onTabKey(e, index)}>
            ${tab.title}<span class="close" aria-hidden="true" data-close=${tab.id} @click=${(e: Event) => { e.stopPropagation(); this.closeEditor(tab.id); }}>×</span></div>`)}
        </div>
        <div class="editors">
          ${repeat(this.editors, (tab) => tab.id, (tab) => html`<section role="tabpanel" aria-label=${tab.title} ?hidden=${tab.id !== this.activeEditor}>${tab.element}</section>`)}
        </div>
        ${this.panelOpen ? html`<tl-job-panel .state=${this.state}></tl-job-panel>` : nothing}
      </main>
      <tl-status-bar .state=${this.state} @toggle-panel=${() => (this.panelOpen = !this.panelOpen)}></tl-status-bar>
      <tl-command-palette .state=${this.state}></tl-command-palette>
      <tl-file-search .state=${this.state}></tl-file-search>
      <tl-toast-host .state=${this.state}></tl-toast-host>`;
  }

  private paletteOpen(): void {
    this.state.commands.get('workbench.commandPalette')?.run();
  }
}
