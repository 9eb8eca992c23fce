import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from '../../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../../state/workbench-state.js';
import './plugin-install-form.js';
import './plugin-item.js';
import { PluginsApi, type InactiveEntryDto, type PluginStatusDto } from './plugins-api.js';

type Action = { readonly id: string; readonly action: 'enable' | 'disable' | 'uninstall' };

/**
 * Side bar: every plugin with its state, last error and contributions, the config entries left inactive by an
 * unavailable plugin, and (admin) install, enable, disable and uninstall — validated and audited by the server.
 */
@customElement('tl-plugins-view')
export class PluginsView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    section.inactive { margin: 4px 10px 8px; padding: 4px 8px; border-left: 3px solid var(--tl-warning); }
    section.inactive h3 { margin: 2px 0; font-size: 12px; }
    section.inactive ul { margin: 0; padding-left: 14px; font-size: 12px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private plugins: PluginStatusDto[] = [];
  @state() private inactive: InactiveEntryDto[] = [];
  @state() private installing = false;
  private api!: PluginsApi;

  override connectedCallback(): void {
    super.connectedCallback();
    this.api = new PluginsApi(this.state.api);
    new StateController(this, this.state, ['plugins', 'config'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    const [plugins, inactive] = await Promise.all([
      this.state.attempt('Loading plugins', () => this.api.list()),
      this.state.attempt('Loading inactive config entries', () => this.api.inactiveEntries()),
    ]);
    this.plugins = plugins ?? this.plugins;
    this.inactive = inactive ?? this.inactive;
  }

  private async act({ id, action }: Action): Promise<void> {
    const call = action === 'uninstall' ? () => this.api.uninstall(id) : () => this.api.setEnabled(id, action === 'enable');
    const verb = { enable: 'Enabling', disable: 'Disabling', uninstall: 'Uninstalling' }[action];
    if ((await this.state.attempt(`${verb} ${id}`, call)) !== undefined) this.state.notify('info', `${action === 'uninstall' ? 'Uninstalled' : action === 'enable' ? 'Enabled' : 'Disabled'} ${id}`);
    await this.load();
  }

  protected override render(): TemplateResult {
    const admin = this.state.can('admin');
    return html`<div class="toolbar"><h2>Plugins</h2>
        <button class="secondary" data-action="install" ?disabled=${!admin} title=${admin ? 'Install a plugin' : 'Needs the admin role'}
          aria-expanded=${String(this.installing)} @click=${() => { this.installing = !this.installing; }}>Install…</button>
        <button class="secondary" aria-label="Refresh plugins" @click=${() => this.load()}>⟳</button></div>
      ${this.installing && admin ? html`<tl-plugin-install-form .state=${this.state} .plugins=${this.api} @installed=${() => this.load()}></tl-plugin-install-form>` : nothing}
      ${this.inactive.length ? html`<section class="inactive" aria-label="Inactive config entries"><h3>Inactive config entries</h3>
        <ul>${this.inactive.map((e) => html`<li data-entry=${e.jsonPath}>${e.message}</li>`)}</ul></section>` : nothing}
      <div role="list" aria-label="Plugins" @action=${(e: CustomEvent<Action>) => void this.act(e.detail)}>
        ${this.plugins.map((p) => html`<tl-plugin-item role="listitem" data-plugin=${p.id} .plugin=${p} ?admin=${admin}></tl-plugin-item>`)}
      </div>`;
  }
}
