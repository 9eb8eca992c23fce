import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RepositoryDto, SnapshotDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { SnapshotBrowser } from './snapshot-browser.js';
import { SnapshotDiffView } from './snapshot-diff.js';

/** Opens a snapshot's browser tab. */
export function openSnapshot(state: WorkbenchState, snapshot: SnapshotDto): void {
  const browser = new SnapshotBrowser();
  browser.state = state;
  browser.snapshot = snapshot;
  state.openEditor({ id: `snapshot:${snapshot.repository}:${snapshot.id}`, title: `${snapshot.shortId} (${snapshot.repository})`, element: browser });
}

/** Side bar: snapshots, newest first, filtered by repository; one opens in a browser tab, two of a repository compare. */
@customElement('tl-snapshots-view')
export class SnapshotsView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    select { margin: 0 10px 6px; }
    li { display: grid; grid-template-columns: auto 1fr; gap: 0 6px; align-items: start; }
    li .open { text-align: left; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private snapshots: SnapshotDto[] = [];
  @state() private repositories: RepositoryDto[] = [];
  @state() private repository = '';
  @state() private compare: string[] = [];

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
    this.compare = this.compare.filter((key) => this.snapshots.some((s) => this.key(s) === key));
  }

  private key(snapshot: SnapshotDto): string {
    return `${snapshot.repository}:${snapshot.id}`;
  }

  private toggleCompare(snapshot: SnapshotDto, on: boolean): void {
    const key = this.key(snapshot);
    // Two at most, of the same repository: a third choice replaces the older one.
    const kept = this.compare.filter((k) => k !== key && k.startsWith(`${snapshot.repository}:`));
    this.compare = on ? [...kept.slice(-1), key] : kept;
  }

  private openCompare(): void {
    const [a, b] = this.compare.map((key) => this.snapshots.find((s) => this.key(s) === key)!).sort((x, y) => x.time.localeCompare(y.time));
    if (!a || !b) return;
    const view = new SnapshotDiffView();
    view.state = this.state;
    view.from = a;
    view.to = b;
    this.state.openEditor({ id: `diff:${a.id}:${b.id}`, title: `${a.shortId} → ${b.shortId}`, element: view });
  }

  protected override render(): TemplateResult {
    return html`<div class="toolbar"><h2>Snapshots</h2>
        <button class="secondary" data-action="compare" ?disabled=${this.compare.length !== 2} title="Choose two snapshots of one repository"
          @click=${() => this.openCompare()}>Compare</button>
        <button class="secondary" aria-label="Refresh snapshots" title="Refresh snapshots" @click=${() => this.load()}>⟳</button></div>
      <select aria-label="Repository filter" @change=${(e: Event) => { this.repository = (e.target as HTMLSelectElement).value; void this.load(); }}>
        <option value="">All repositories</option>
        ${this.repositories.map((r) => html`<option value=${r.name}>${r.name}</option>`)}
      </select>
      <ul class="list" aria-label="Snapshots">
        ${this.snapshots.map((s) => html`<li data-snapshot=${s.shortId}>
          <input type="checkbox" aria-label="Compare ${s.shortId}" .checked=${this.compare.includes(this.key(s))}
            @change=${(e: Event) => this.toggleCompare(s, (e.target as HTMLInputElement).checked)}>
          <button class="link open" data-action="open" @click=${() => openSnapshot(this.state, s)}>
            <strong>${s.shortId}</strong> <span class="muted">${new Date(s.time).toLocaleString()}</span></button>
          <div class="muted" style="grid-column:2">${s.repository} · ${s.paths.join(', ')}${s.tags.length ? ` · ${s.tags.join(', ')}` : ''}</div></li>`)}
        ${this.snapshots.length ? nothing : html`<li class="muted">No snapshots.</li>`}
      </ul>`;
  }
}
