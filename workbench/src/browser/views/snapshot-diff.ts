import { formatBytes } from '@timelocker/plugin-api';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SnapshotDiff, SnapshotDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { formatCount } from '../widgets/format.js';

/** restic diff of two snapshots of one repository: what was added, removed and changed, older → newer. */
@customElement('tl-snapshot-diff')
export class SnapshotDiffView extends LitElement {
  static override styles = [sharedStyles, css`
    section { margin: 8px 0; }
    ul { font-family: var(--tl-mono); font-size: 12px; margin: 4px 0; padding-left: 18px; max-height: 30vh; overflow: auto; }
    .added { color: var(--tl-ok); }
    .removed { color: var(--tl-error); }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property({ attribute: false }) from!: SnapshotDto;
  @property({ attribute: false }) to!: SnapshotDto;
  @state() private diff: SnapshotDiff | undefined;
  @state() private failed = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.state.attempt('Comparing snapshots', () => this.state.api.diff(this.from.repository, this.from.id, this.to.id)).then((diff) => {
      this.diff = diff;
      this.failed = !diff;
    });
  }

  private list(kind: 'added' | 'removed' | 'changed', title: string, paths: readonly string[], extra = ''): TemplateResult {
    return html`<section data-diff=${kind}><h2 class="section ${kind}">${title}: ${formatCount(paths.length)}${extra}</h2>
      ${paths.length ? html`<ul aria-label=${title}>${paths.map((p) => html`<li>${p}</li>`)}</ul>` : html`<p class="muted">None.</p>`}</section>`;
  }

  protected override render(): TemplateResult {
    const { from, to, diff } = this;
    return html`<div class="page">
      <h1>Changes from ${from.shortId} to ${to.shortId}</h1>
      <p class="muted">${from.repository}: ${new Date(from.time).toLocaleString()} → ${new Date(to.time).toLocaleString()} (restic diff)</p>
      ${diff ? html`
        ${this.list('added', 'Added', diff.added, diff.addedTotals ? ` (${formatBytes(diff.addedTotals.bytes)} of new data)` : '')}
        ${this.list('removed', 'Removed', diff.removed)}
        ${this.list('changed', 'Changed', diff.changed)}` : this.failed ? html`<p class="error">The comparison failed.</p>` : html`<p class="muted" role="status">Comparing…</p>`}
      ${nothing}
    </div>`;
  }
}
