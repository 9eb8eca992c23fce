import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { type Command, StateController, type WorkbenchState } from '../state/workbench-state.js';
import { quickPickStyles, sharedStyles } from './shared-styles.js';
import { onQuickPickKey } from '../widgets/quick-pick-keys.js';

/** Ctrl+Shift+P (or F1): every action, view and contributed command, with its shortcut, filtered as you type. */
@customElement('tl-command-palette')
export class CommandPalette extends LitElement {
  static override styles = [sharedStyles, quickPickStyles, css`
    .quick-pick { top: 12%; width: min(600px, 90vw); }
    ul { max-height: 50vh; overflow: auto; }
    li { display: flex; gap: 8px; align-items: baseline; }
    li .category { color: var(--tl-muted); }
    li kbd { margin-left: auto; }
    li[aria-disabled='true'] { color: var(--tl-muted); cursor: not-allowed; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private open = false;
  @state() private filter = '';
  @state() private active = 0;
  @query('input') private input?: HTMLInputElement;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['commands']);
    this.state.registerCommand({ id: 'workbench.commandPalette', title: 'Show all commands', category: 'View', keybinding: 'Ctrl+Shift+P, F1', run: () => this.show() });
  }

  show(): void {
    this.open = true;
    this.filter = '';
    this.active = 0;
    void this.updateComplete.then(() => this.input?.focus());
  }

  private get filtered(): Command[] {
    const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
    return [...this.state.commands.values()]
      .filter((c) => c.id !== 'workbench.commandPalette')
      .filter((c) => words.every((w) => `${c.category ?? ''} ${c.title} ${c.id}`.toLowerCase().includes(w)))
      .sort((a, b) => `${a.category ?? ''}${a.title}`.localeCompare(`${b.category ?? ''}${b.title}`));
  }

  private run(command: Command | undefined): void {
    if (!command || command.enabled?.() === false) return;
    this.open = false;
    void Promise.resolve().then(() => command.run());
  }

  private onInputKey(event: KeyboardEvent, matches: Command[]): void {
    onQuickPickKey(event, {
      items: matches, active: this.active, moveTo: (index) => (this.active = index), choose: (command) => this.run(command), close: () => (this.open = false),
    });
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const matches = this.filtered;
    return html`<div class="backdrop" @click=${() => (this.open = false)}></div>
      <div class="quick-pick" role="dialog" aria-label="Command palette">
        <input role="combobox" aria-expanded="true" aria-controls="commands" aria-label="Type a command"
          placeholder="Type a command" .value=${this.filter} aria-activedescendant=${`cmd-${this.active}`}
          @input=${(e: Event) => { this.filter = (e.target as HTMLInputElement).value; this.active = 0; }}
          @keydown=${(e: KeyboardEvent) => this.onInputKey(e, matches)}>
        <ul class="list" id="commands" role="listbox">
          ${matches.map((c, i) => html`<li id=${`cmd-${i}`} role="option" data-command=${c.id} aria-selected=${i === this.active ? 'true' : 'false'}
              aria-disabled=${c.enabled?.() === false ? 'true' : 'false'} @click=${() => this.run(c)}>
            ${c.category ? html`<span class="category">${c.category}:</span>` : nothing}<span>${c.title}</span>
            ${c.keybinding ? html`<kbd aria-label="Shortcut ${c.keybinding}">${c.keybinding}</kbd>` : nothing}</li>`)}
          ${matches.length ? nothing : html`<li class="muted">No matching commands</li>`}
        </ul>
      </div>`;
  }
}
