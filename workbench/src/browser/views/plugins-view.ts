import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PluginDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';

/** Side bar: every plugin with its state, activation time, messages and error. */
@customElement('tl-plugins-view')
export class PluginsView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    li { cursor: default; }
    .state-failed, .state-incompatible, .state-invalid { color: var(--tl-error); }
    .state-active { color: var(--tl-ok); }
    ul.messages { margin: 2px 0 0 14px; padding: 0; font-size: 12px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private plugins: PluginDto[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['plugins'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    this.plugins = (await this.state.attempt('Loading plugins', () => this.state.api.plugins())) ?? this.plugins;
  }

  protected override render(): TemplateResult {
    return html`<div class="toolbar"><h2>Plugins</h2><button class="secondary" aria-label="Refresh plugins" @click=${() => this.load()}>⟳</button></div>
      <ul class="list" aria-label="Plugins">
        ${this.plugins.map((p) => html`<li data-plugin=${p.id}>
          <strong>${p.displayName ?? p.id}</strong> <span class="muted">${p.version ?? ''}${p.builtin ? ' · built-in' : ''}</span>
          <div><span class="state-${p.state}">${p.state}</span>${p.activationMs !== undefined ? html` <span class="muted">· activated in ${p.activationMs} ms</span>` : nothing}</div>
          ${p.error ? html`<div class="error">${p.error}</div>` : nothing}
          ${p.messages?.length ? html`<ul class="messages">${p.messages.map((m) => html`<li>${typeof m === 'string' ? m : m.message}</li>`)}</ul>` : nothing}
        </li>`)}
      </ul>`;
  }
}
