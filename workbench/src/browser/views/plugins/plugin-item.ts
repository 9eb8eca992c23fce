import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from '../../shell/shared-styles.js';
import type { PluginStatusDto } from './plugins-api.js';

const pointLabels: Readonly<Record<string, string>> = {
  backends: 'Backends', notifiers: 'Notifiers', auditSinks: 'Audit sinks', policyRules: 'Policy rules', reportFormats: 'Report formats',
  commands: 'Commands', views: 'Views', configuration: 'Settings',
};

/** One plugin: state, last error, contributions, and (for an admin) enable/disable/uninstall, each asking an `action` event. */
@customElement('tl-plugin-item')
export class PluginItem extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; padding: 6px 10px; border-bottom: 1px solid var(--tl-bg-bar); }
    .head { display: flex; gap: 6px; align-items: baseline; flex-wrap: wrap; }
    .state-failed, .state-rejected { color: var(--tl-error); }
    .state-disabled { color: var(--tl-warning); }
    .state-active { color: var(--tl-ok); }
    dl { margin: 4px 0 0; display: grid; grid-template-columns: auto 1fr; gap: 0 8px; font-size: 12px; }
    dt { color: var(--tl-muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    ul.messages { margin: 2px 0 0 14px; padding: 0; font-size: 12px; }
    .actions { display: flex; gap: 6px; margin-top: 4px; }
  `];

  @property({ attribute: false }) plugin!: PluginStatusDto;
  @property({ type: Boolean }) admin = false;
  @state() private confirming = false;

  private act(action: 'enable' | 'disable' | 'uninstall'): void {
    this.confirming = false;
    this.dispatchEvent(new CustomEvent('action', { detail: { id: this.plugin.id, action }, bubbles: true, composed: true }));
  }

  private actions(): TemplateResult | typeof nothing {
    const p = this.plugin;
    if (!this.admin) return nothing;
    if (this.confirming) {
      return html`<div class="actions" role="group" aria-label="Confirm uninstall">
        <span>Uninstall ${p.id}? Its data folder is kept.</span>
        <button data-action="confirm-uninstall" @click=${() => this.act('uninstall')}>Uninstall</button>
        <button class="secondary" @click=${() => { this.confirming = false; }}>Cancel</button></div>`;
    }
    const canToggle = p.state !== 'rejected';
    return html`<div class="actions">
      ${p.state === 'disabled'
        ? html`<button class="secondary" data-action="enable" @click=${() => this.act('enable')}>Enable</button>`
        : canToggle ? html`<button class="secondary" data-action="disable" @click=${() => this.act('disable')}>Disable</button>` : nothing}
      ${p.builtin ? nothing : html`<button class="secondary" data-action="uninstall" @click=${() => { this.confirming = true; }}>Uninstall…</button>`}
    </div>`;
  }

  protected override render(): TemplateResult {
    const p = this.plugin;
    const contributions = Object.entries(p.contributions ?? {});
    return html`<div class="head">
        <strong>${p.displayName ?? p.id}</strong><span class="muted">${p.id !== (p.displayName ?? p.id) ? `${p.id} ` : ''}${p.version}</span>
        ${p.builtin ? html`<span class="badge muted">built-in</span>` : nothing}
        <span class="badge state-${p.state}" data-state=${p.state}>${p.state}</span>
        ${p.activationMs !== undefined ? html`<span class="muted">activated in ${p.activationMs} ms</span>` : nothing}
      </div>
      ${p.description ? html`<div class="muted">${p.description}</div>` : nothing}
      ${p.error ? html`<div class="error" data-role="error">Last error${p.failedAt ? ` (${p.failedAt.replace('T', ' ').slice(0, 19)})` : ''}: ${p.error}</div>` : nothing}
      ${p.messages.length ? html`<ul class="messages">${p.messages.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}
      <dl aria-label="Contributions">
        ${contributions.map(([point, ids]) => html`<dt>${pointLabels[point] ?? point}</dt><dd>${ids?.join(', ')}</dd>`)}
        ${p.dependsOn?.length ? html`<dt>Depends on</dt><dd>${p.dependsOn.join(', ')}</dd>` : nothing}
      </dl>
      ${this.actions()}`;
  }
}
