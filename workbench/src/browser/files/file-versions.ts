import { formatBytes } from '@timelocker/plugin-api';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JobDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { downloadEntry } from '../views/snapshot-download.js';
import { formatTime } from '../widgets/format.js';
import type { FileVersionDto } from '../../common/file-index-dto.js';

/** Editor: every version of one file across all snapshots, newest first, each restorable or downloadable. */
@customElement('tl-file-versions')
export class FileVersions extends LitElement {
  static override styles = [sharedStyles, css`
    .path { overflow-wrap: anywhere; white-space: pre-wrap; }
    .restore { display: flex; gap: 6px; align-items: end; margin: 10px 0; flex-wrap: wrap; }
    .restore input { width: 320px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property() path = '';
  @state() private versions: FileVersionDto[] | undefined;
  @state() private target = '';
  @state() private message = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const result = await this.state.attempt('Loading versions', () => this.state.api.request<{ versions: FileVersionDto[] }>('GET', `/files/versions?${new URLSearchParams({ path: this.path })}`));
    this.versions = result?.versions ?? [];
  }

  private async restore(version: FileVersionDto): Promise<void> {
    const snapshot = version.snapshots[0]!;
    if (!this.target.startsWith('/')) {
      this.message = 'Enter an absolute folder to restore into (empty or new).';
      return;
    }
    const job = await this.state.attempt('Starting restore', () => this.state.api.request<JobDto>('POST', '/jobs', {
      kind: 'restore', repository: snapshot.repository, snapshot: snapshot.id, target: this.target, include: [this.path],
    }));
    if (!job) return;
    this.message = `Restoring version ${String(version.number)} (job ${job.id})…`;
    const done = await this.state.waitForJob(job.id);
    this.message = done.status === 'succeeded' ? `Version ${String(version.number)} restored under ${this.target}${this.path}.` : `Restore ${done.status}: ${done.error ?? ''}`;
  }

  protected override render(): TemplateResult {
    const versions = this.versions;
    return html`<div class="page">
      <h1>Versions of <span class="path">${this.path}</span></h1>
      ${this.state.can('operator') ? html`<div class="restore">
        <label>Restore into folder<br><input aria-label="Restore target folder" placeholder="/tmp/restored" .value=${this.target}
          @input=${(e: Event) => (this.target = (e.target as HTMLInputElement).value)}></label></div>` : nothing}
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${versions === undefined ? html`<p class="muted">Loading…</p>` : versions.length === 0 ? html`<p class="muted">No indexed snapshot holds this path.</p>` : html`
      <table aria-label="Versions"><thead><tr><th>#</th><th>Size</th><th>Modified</th><th>Snapshots</th><th></th></tr></thead>
        <tbody>${versions.map((v) => html`<tr data-version=${String(v.number)}>
          <td>${v.number}</td><td>${v.type === 'file' ? formatBytes(v.size) : v.type}</td><td>${formatTime(v.mtime)}</td>
          <td>${v.snapshots.map((s) => html`<span class="badge" title=${s.id}>${s.repository}:${s.shortId}</span> `)}</td>
          <td>${this.state.can('operator') ? html`<button class="secondary" data-action="restore" @click=${() => this.restore(v)}>Restore</button>
            ${v.type === 'file' ? html`<button class="secondary" data-action="download" @click=${() => downloadEntry(this.state, v.snapshots[0]!, { path: this.path, type: 'file' })}>Download</button>` : nothing}` : nothing}</td></tr>`)}</tbody></table>`}
    </div>`;
  }
}
