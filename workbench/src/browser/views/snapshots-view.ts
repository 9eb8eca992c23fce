import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RepositoryDto, SnapshotDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { SnapshotBrowser } from './snapshot-browser.js';

/** Side bar: snapshots, newest first, filtered by repository; opening one browses it in an editor tab. */
@customElement('tl-snapshots-view')
export class SnapshotsView extends LitElement {
  static override styles = [sharedStyles, css`:host { display: block; overflow: auto; } select { margin: 0 10px 6px; }`];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private snapshots: SnapshotDto[] = [];
  @state() private repositories: RepositoryDto[] = [];
  @state() private repository = '';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['snapshots', 'repositories'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    const [snapshots, repositories] = await Promise.all([
      this.state.attempt('Loading snapshots', () => this.state.api.snapshots(this.repository ? { repository: this.repository } : {})),
      this.state.attempt('Loading repositories', () => this.state.api.repositories()),
    ]);
    this.snapshots = [...(snapshots ?? this.snapshots)].sort((a, b) => b.time.localeCompare(a.time));
    this.repositories = repositories ?? this.repositories;
  }

  private open(snapshot: SnapshotDto): void {
    const browser = new SnapshotBrowser();
    browser.state = this.state;
    browser.snapshot = snapshot;
    this.state.openEditor({ id: `snapshot:${snapshot.repository}:${snapshot.id}`, title: `${snapshot.shortId} (${snapshot.repository})`, element: browser });
  }

  protected override render(): TemplateResult {
    return html`<div class="toolbar"><h2>Snapshots</h2><button class="secondary" aria-label="Refresh snapshots" @click=${() => this.load()}>⟳</button></div>
      <select aria-label="Repository filter" @change=${(e: Event) => { this.repository = (e.target as HTMLSelectElement).value; void this.load(); }}>
        <option value="">All repositories</option>
        ${this.repositories.map((r) => html`<option value=${r.name}>${r.name}</option>`)}
      </select>
      <ul class="list" aria-label="Snapshots">
        ${this.snapshots.map((s) => html`<li tabindex="0" data-snapshot=${s.shortId} @click=${() => this.open(s)}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.open(s)}>
          <strong>${s.shortId}</strong> <span class="muted">${new Date(s.time).toLocaleString()}</span>
          <div class="muted">${s.repository} · ${s.paths.join(', ')}${s.tags.length ? ` · ${s.tags.join(', ')}` : ''}</div></li>`)}
        ${this.snapshots.length ? nothing : html`<li class="muted">No snapshots.</li>`}
      </ul>`;
  }
}
