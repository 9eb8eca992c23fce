import { formatBytes } from '@timelocker/plugin-api';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EntryDto, SnapshotDto, SnapshotSearch } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { formatCount } from '../widgets/format.js';
import { downloadEntry } from './snapshot-download.js';
import { restoreWithConfirmation, type StartedRestore } from './snapshot-restore.js';

interface TreeNode {
  readonly entry: EntryDto;
  children?: TreeNode[];
  expanded: boolean;
  loading: boolean;
}

/**
 * Browses one snapshot a directory at a time, searches the whole snapshot on the server, downloads files and folders,
 * and restores a selection to another folder or to where it came from, saying where the files went.
 */
@customElement('tl-snapshot-browser')
export class SnapshotBrowser extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: grid; grid-template-rows: auto 1fr auto; height: 100%; }
    .tree { overflow: auto; padding: 4px 0; font-size: 13px; }
    .row { display: flex; align-items: center; gap: 4px; padding: 1px 8px; white-space: nowrap; }
    .row:hover { background: var(--tl-bg-alt); }
    .row .twisty { width: 24px; min-height: 24px; background: none; border: none; color: var(--tl-fg); padding: 0; }
    .row .size { color: var(--tl-muted); margin-left: auto; }
    .row .download { background: none; border: 1px solid transparent; color: var(--tl-accent); padding: 0 4px; min-height: 24px; }
    .row .download:hover { border-color: var(--tl-border); }
    .row .path { font-family: var(--tl-mono); font-size: 12px; overflow: hidden; text-overflow: ellipsis; }
    form.search { display: flex; gap: 6px; }
    footer { border-top: 1px solid var(--tl-bg-bar); padding: 8px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    footer input[type='text'] { flex: 1; min-width: 200px; }
    footer label { margin: 0; display: inline-flex; gap: 4px; align-items: center; }
    .result { flex-basis: 100%; }
    .result ul { margin: 2px 0; padding-left: 18px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property({ attribute: false }) snapshot!: SnapshotDto;
  @state() private roots: TreeNode[] = [];
  @state() private query = '';
  @state() private search: SnapshotSearch | undefined;
  @state() private searching = false;
  @state() private selected = new Set<string>();
  @state() private toOriginal = false;
  @state() private target = '';
  @state() private restore: StartedRestore | undefined;
  private verify = true;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
    if (this.roots.length > 0) return;
    this.roots = this.snapshot.paths.map((path) => ({ entry: { name: path, type: 'dir', path }, expanded: false, loading: false }));
    for (const root of this.roots) void this.toggle(root);
  }

  private async toggle(node: TreeNode): Promise<void> {
    if (node.entry.type !== 'dir') return;
    node.expanded = !node.expanded;
    if (node.expanded && !node.children) {
      node.loading = true;
      this.requestUpdate();
      const entries = await this.state.attempt(`Listing ${node.entry.path}`, () => this.state.api.ls(this.snapshot.repository, this.snapshot.id, node.entry.path));
      node.children = (entries ?? []).map((entry) => ({ entry, expanded: false, loading: false }));
      node.loading = false;
    }
    this.requestUpdate();
  }

  private async runSearch(event: Event): Promise<void> {
    event.preventDefault();
    const q = this.query.trim();
    if (!q) {
      this.search = undefined;
      return;
    }
    this.searching = true;
    this.search = await this.state.attempt(`Searching ${this.snapshot.shortId}`, () => this.state.api.searchSnapshot(this.snapshot.repository, this.snapshot.id, q));
    this.searching = false;
  }

  private select(path: string, checked: boolean): void {
    const next = new Set(this.selected);
    if (checked) next.add(path);
    else next.delete(path);
    this.selected = next;
  }

  private row(entry: EntryDto, depth: number, node?: TreeNode): TemplateResult {
    const dir = entry.type === 'dir';
    const open = node?.expanded ?? false;
    return html`<div class="row" role="treeitem" aria-level=${depth + 1} aria-expanded=${dir && node ? String(open) : nothing} aria-selected=${this.selected.has(entry.path) ? 'true' : 'false'}
        data-path=${entry.path} style="padding-left:${8 + depth * 16}px">
      ${dir && node ? html`<button class="twisty" aria-label="${open ? 'Collapse' : 'Expand'} ${entry.name}" @click=${() => this.toggle(node)}>${node.loading ? '…' : open ? '▾' : '▸'}</button>` : html`<span class="twisty"></span>`}
      <input type="checkbox" aria-label="Select ${entry.path}" .checked=${this.selected.has(entry.path)}
        @change=${(e: Event) => this.select(entry.path, (e.target as HTMLInputElement).checked)}>
      ${node ? html`<span>${this.highlight(entry.name)}${dir ? '/' : ''}</span>` : html`<span class="path" title=${entry.path}>${this.highlight(entry.path)}${dir ? '/' : ''}</span>`}
      <span class="size">${dir ? '' : formatBytes(entry.size ?? 0)}</span>
      ${this.state.can('operator') ? (dir
        ? html`<button class="download" data-download="tar" aria-label="Download ${entry.path} as .tar" title="Download as .tar" @click=${() => downloadEntry(this.state, this.snapshot, entry, 'tar')}>.tar</button>
          <button class="download" data-download="zip" aria-label="Download ${entry.path} as .zip" title="Download as .zip" @click=${() => downloadEntry(this.state, this.snapshot, entry, 'zip')}>.zip</button>`
        : html`<button class="download" data-download="file" aria-label="Download ${entry.path}" title="Download" @click=${() => downloadEntry(this.state, this.snapshot, entry)}>⤓</button>`) : nothing}
    </div>`;
  }

  private rows(nodes: readonly TreeNode[], depth: number): TemplateResult[] {
    return nodes.flatMap((node) => [this.row(node.entry, depth, node), ...(node.expanded && node.children ? this.rows(node.children, depth + 1) : [])]);
  }

  private highlight(text: string): TemplateResult | string {
    const needle = this.search ? this.query.trim().toLowerCase() : '';
    const at = needle ? text.toLowerCase().lastIndexOf(needle) : -1;
    return at < 0 ? text : html`${text.slice(0, at)}<mark>${text.slice(at, at + needle.length)}</mark>${text.slice(at + needle.length)}`;
  }

  private async startRestore(event: Event): Promise<void> {
    event.preventDefault();
    const target = this.toOriginal ? '/' : this.target.trim();
    if (!target.startsWith('/')) {
      this.state.notify('error', 'Restore to an absolute folder path (starting with /).', 'restore-target');
      return;
    }
    const started = await restoreWithConfirmation(this.state, this.snapshot, { target, include: [...this.selected], verify: this.verify });
    if (started) this.restore = started;
  }

  private renderResults(): TemplateResult {
    const search = this.search!;
    return html`<div role="status" class="search-summary muted" style="padding:2px 8px">${search.total === 0
      ? `No matches for "${this.query.trim()}" in this snapshot.`
      : `${formatCount(search.total)} match(es)${search.total > search.matches.length ? `, the first ${search.matches.length} shown` : ''}.`}
      <button class="link" @click=${() => { this.search = undefined; }}>Back to the folders</button></div>
      ${search.matches.map((entry) => this.row(entry, 0))}`;
  }

  private renderOutcome(): TemplateResult | typeof nothing {
    if (!this.restore) return nothing;
    const live = this.state.jobs.get(this.restore.job.id);
    const job = live?.job ?? this.restore.job;
    const done = job.status === 'succeeded';
    return html`<div class="result restore-status" data-status=${job.status} role="status">
      Restore ${job.status}${live?.progress?.percent !== undefined && !done ? ` · ${Math.floor(live.progress.percent)} %` : ''}${job.error ? `: ${job.error}` : ''}
      ${done ? html`<div>Files are back at:</div><ul class="destinations">${this.restore.impact.destinations.map((d) => html`<li><code>${d.restoredTo}</code></li>`)}</ul>` : nothing}
    </div>`;
  }

  protected override render(): TemplateResult {
    const operator = this.state.can('operator');
    const admin = this.state.can('admin');
    return html`<div class="toolbar">
        <h2>Snapshot ${this.snapshot.shortId} · ${new Date(this.snapshot.time).toLocaleString()} · ${this.snapshot.hostname}</h2>
        <form class="search" role="search" @submit=${(e: Event) => this.runSearch(e)}>
          <input type="search" aria-label="Search the whole snapshot by name" placeholder="Search the whole snapshot" .value=${this.query}
            @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}>
          <button type="submit" class="secondary" ?disabled=${this.searching}>${this.searching ? 'Searching…' : 'Search'}</button>
        </form>
      </div>
      <div class="tree" role="tree" aria-label="Files in snapshot ${this.snapshot.shortId}" aria-multiselectable="true">
        ${this.search ? this.renderResults() : this.rows(this.roots, 0)}
      </div>
      <footer>
        <form @submit=${(e: Event) => this.startRestore(e)} style="display:contents" aria-label="Restore">
          <span>${this.selected.size} selected</span>
          <label><input type="radio" name="where" .checked=${!this.toOriginal} @change=${() => (this.toOriginal = false)}> to folder</label>
          <input type="text" name="target" aria-label="Restore to folder (absolute path)" placeholder="Restore to folder (absolute path)" ?disabled=${this.toOriginal}
            .value=${this.target} @input=${(e: Event) => (this.target = (e.target as HTMLInputElement).value)}>
          ${admin ? html`<label title="Put files back where they were backed up from"><input type="radio" name="where"
            .checked=${this.toOriginal} @change=${() => (this.toOriginal = true)}> to the original location</label>`
            : html`<span class="muted" data-role="restore-limits">Restoring to the original location or over existing files needs the admin role: restore into a new or empty folder.</span>`}
          <label><input type="checkbox" name="verify" .checked=${this.verify} @change=${(e: Event) => (this.verify = (e.target as HTMLInputElement).checked)}> Verify</label>
          <button type="submit" ?disabled=${!operator || this.selected.size === 0} title=${operator ? 'Restore the selected files' : 'Needs the operator role'}>Restore…</button>
        </form>
        ${this.renderOutcome()}
      </footer>`;
  }
}
