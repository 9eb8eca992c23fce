import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EntryDto, SnapshotDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { formatBytes } from '../widgets/format.js';

interface TreeNode {
  readonly entry: EntryDto;
  children?: TreeNode[];
  expanded: boolean;
  loading: boolean;
}

/** Browses one snapshot a directory at a time, searches what is loaded, and restores a selection. */
@customElement('tl-snapshot-browser')
export class SnapshotBrowser extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: grid; grid-template-rows: auto 1fr auto; height: 100%; }
    .tree { overflow: auto; padding: 4px 0; font-size: 13px; }
    .row { display: flex; align-items: center; gap: 4px; padding: 1px 8px; white-space: nowrap; }
    .row:hover { background: var(--tl-bg-alt); }
    .row .twisty { width: 20px; background: none; border: none; color: var(--tl-fg); padding: 0; }
    .row .size { color: var(--tl-muted); margin-left: auto; }
    .row mark { background: var(--tl-selection); color: inherit; }
    footer { border-top: 1px solid var(--tl-bg-bar); padding: 8px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    footer input[type='text'] { flex: 1; min-width: 200px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property({ attribute: false }) snapshot!: SnapshotDto;
  @state() private roots: TreeNode[] = [];
  @state() private search = '';
  @state() private selected = new Set<string>();
  @state() private restoreJob = '';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
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
      node.children = (entries ?? []).sort((a, b) => (a.type === 'dir' ? 0 : 1) - (b.type === 'dir' ? 0 : 1) || a.name.localeCompare(b.name))
        .map((entry) => ({ entry, expanded: false, loading: false }));
      node.loading = false;
    }
    this.requestUpdate();
  }

  private select(path: string, checked: boolean): void {
    const next = new Set(this.selected);
    if (checked) next.add(path);
    else next.delete(path);
    this.selected = next;
  }

  /** A node stays visible while searching when it, or anything loaded below it, matches. */
  private isMatch(node: TreeNode, needle: string): boolean {
    return node.entry.name.toLowerCase().includes(needle) || (node.children ?? []).some((c) => this.isMatch(c, needle));
  }

  private rows(nodes: TreeNode[], depth: number, needle: string): TemplateResult[] {
    const out: TemplateResult[] = [];
    for (const node of nodes) {
      if (needle && !this.isMatch(node, needle)) continue;
      const dir = node.entry.type === 'dir';
      const open = node.expanded || (needle !== '' && (node.children ?? []).some((c) => this.isMatch(c, needle)));
      out.push(html`<div class="row" role="treeitem" aria-level=${depth + 1} aria-expanded=${dir ? String(open) : nothing}
          data-path=${node.entry.path} style="padding-left:${8 + depth * 16}px">
        ${dir ? html`<button class="twisty" aria-label="${open ? 'Collapse' : 'Expand'} ${node.entry.name}" @click=${() => this.toggle(node)}>${node.loading ? '…' : open ? '▾' : '▸'}</button>` : html`<span class="twisty"></span>`}
        <input type="checkbox" aria-label="Select ${node.entry.name}" .checked=${this.selected.has(node.entry.path)}
          @change=${(e: Event) => this.select(node.entry.path, (e.target as HTMLInputElement).checked)}>
        <span>${this.highlight(node.entry.name, needle)}${dir ? '/' : ''}</span>
        <span class="size">${dir ? '' : formatBytes(node.entry.size ?? 0)}</span>
      </div>`);
      if (open && node.children) out.push(...this.rows(node.children, depth + 1, needle));
    }
    return out;
  }

  private highlight(name: string, needle: string): TemplateResult | string {
    const at = needle ? name.toLowerCase().indexOf(needle) : -1;
    return at < 0 ? name : html`${name.slice(0, at)}<mark>${name.slice(at, at + needle.length)}</mark>${name.slice(at + needle.length)}`;
  }

  private async restore(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const target = (form.elements.namedItem('target') as HTMLInputElement).value;
    const verify = (form.elements.namedItem('verify') as HTMLInputElement).checked;
    const job = await this.state.attempt('Restore', () => this.state.api.startJob({
      kind: 'restore', repository: this.snapshot.repository, snapshot: this.snapshot.id, target, include: [...this.selected], verify,
    }));
    if (job) {
      this.state.trackJob(job);
      this.restoreJob = job.id;
      this.state.emit('jobs');
    }
  }

  protected override render(): TemplateResult {
    const live = this.restoreJob ? this.state.jobs.get(this.restoreJob) : undefined;
    const operator = this.state.can('operator');
    return html`<div class="toolbar">
        <h2>Snapshot ${this.snapshot.shortId} · ${new Date(this.snapshot.time).toLocaleString()} · ${this.snapshot.hostname}</h2>
        <input type="search" aria-label="Search loaded files by name" placeholder="Search by name" .value=${this.search}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}>
      </div>
      <div class="tree" role="tree" aria-label="Files in snapshot ${this.snapshot.shortId}" aria-multiselectable="true">
        ${this.rows(this.roots, 0, this.search.trim().toLowerCase())}
      </div>
      <footer>
        <form @submit=${(e: Event) => this.restore(e)} style="display:contents" aria-label="Restore">
          <span>${this.selected.size} selected</span>
          <input type="text" name="target" required aria-label="Restore to folder (absolute path)" placeholder="Restore to folder (absolute path)" pattern="/.*">
          <label style="margin:0"><input type="checkbox" name="verify" checked> Verify</label>
          <button type="submit" ?disabled=${!operator || this.selected.size === 0} title=${operator ? 'Restore the selected files' : 'Needs the operator role'}>Restore</button>
        </form>
        ${live ? html`<span class="restore-status" data-status=${live.job.status} role="status">
          Restore ${live.job.status}${live.progress?.percent !== undefined ? ` · ${Math.round(live.progress.percent)} %` : ''}${live.job.error ? `: ${live.job.error}` : ''}</span>
          <progress max="100" value=${live.job.status === 'succeeded' ? 100 : live.progress?.percent ?? 0} aria-label="Restore progress" style="width:160px"></progress>` : nothing}
      </footer>`;
  }
}
