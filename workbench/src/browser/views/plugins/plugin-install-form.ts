import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from '../../shell/shared-styles.js';
import type { WorkbenchState } from '../../state/workbench-state.js';
import type { InstalledPluginDto, PluginsApi } from './plugins-api.js';

/** Installs a plugin (admin): a folder or .tgz on the workbench's machine, or a .tgz picked here and uploaded. */
@customElement('tl-plugin-install-form')
export class PluginInstallForm extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; padding: 4px 10px 8px; border-bottom: 1px solid var(--tl-bg-bar); }
    .row { display: flex; gap: 6px; align-items: center; }
    .row input[type='text'] { flex: 1; min-width: 0; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property({ attribute: false }) plugins!: PluginsApi;
  @state() private busy = false;
  @state() private source = '';

  private async install(what: string, call: () => Promise<InstalledPluginDto>): Promise<void> {
    this.busy = true;
    try {
      const installed = await this.state.attempt(`Installing ${what}`, call);
      if (installed) {
        this.state.notify('info', `Installed ${installed.id} ${installed.version}${installed.replaced ? ` (replaced ${installed.replaced})` : ''}`);
        this.source = '';
        this.dispatchEvent(new CustomEvent('installed', { detail: installed }));
      }
    } finally {
      this.busy = false;
    }
  }

  private fromPath(event: Event): void {
    event.preventDefault();
    const source = this.source.trim();
    if (source) void this.install(source, () => this.plugins.installFrom(source));
  }

  private upload(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.install(file.name, () => this.plugins.upload(file));
  }

  protected override render(): TemplateResult {
    return html`<form class="row" aria-label="Install a plugin from this machine" @submit=${(e: Event) => this.fromPath(e)}>
        <input type="text" id="plugin-source" aria-label="Plugin folder or .tgz path on the workbench machine" placeholder="/path/to/plugin or plugin-1.0.0.tgz"
          .value=${this.source} @input=${(e: Event) => { this.source = (e.target as HTMLInputElement).value; }} ?disabled=${this.busy}>
        <button type="submit" ?disabled=${this.busy || !this.source.trim()}>Install</button>
      </form>
      <label class="row muted">Or upload a .tgz made by <code>npm pack</code>:
        <input type="file" id="plugin-package" accept=".tgz,.tar.gz,application/gzip" ?disabled=${this.busy} @change=${(e: Event) => this.upload(e)}>
      </label>`;
  }
}
