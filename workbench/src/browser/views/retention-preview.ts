import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '../api/api-client.js';
import type { ForgetPreview, JsonObject, JsonValue } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { formatTime } from '../widgets/format.js';

const RULES = ['keepLast', 'keepHourly', 'keepDaily', 'keepWeekly', 'keepMonthly', 'keepYearly', 'keepWithin', 'keepTags'];

/**
 * What `forget` would keep and remove with the rules being edited — restic's own decisions from `forget --dry-run`,
 * asked again (debounced) whenever the rules change. Nothing is removed.
 */
@customElement('tl-retention-preview')
export class RetentionPreview extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; margin: 4px 0 10px; }
    .keep { color: var(--tl-ok); }
    .remove { color: var(--tl-error); font-weight: 600; }
    table { font-size: 12px; }
    .scroll { max-height: 260px; overflow: auto; }
  `];

  @property({ attribute: false }) api!: ApiClient;
  /** Unset for a plan that is not saved yet: it has no snapshots to decide on. */
  @property() plan: string | undefined;
  @property({ attribute: false }) rules: JsonValue | undefined;
  @state() private preview: ForgetPreview | undefined;
  @state() private message = '';
  @state() private busy = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = '';

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('rules') && !changed.has('plan')) return;
    const key = JSON.stringify([this.plan, this.rules]);
    if (key === this.asked) return;
    this.asked = key;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(key), 500);
  }

  private async load(key: string): Promise<void> {
    const rules = this.rules as JsonObject | undefined;
    if (!this.plan) {
      this.preview = undefined;
      this.message = 'Save the plan to preview its retention (a new plan has no snapshots yet).';
      return;
    }
    if (!rules || !RULES.some((rule) => rules[rule] !== undefined)) {
      this.preview = undefined;
      this.message = 'Add at least one keep rule to see what would be kept and removed.';
      return;
    }
    this.busy = true;
    try {
      const preview = await this.api.forgetPreview(this.plan, rules);
      if (key !== this.asked) return;
      this.preview = preview;
      this.message = '';
    } catch (error) {
      if (key !== this.asked) return;
      this.preview = undefined;
      this.message = error instanceof ApiError ? `No preview: ${error.message}` : 'No preview: the server cannot be reached.';
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const decisions = this.preview?.decisions ?? [];
    const removed = decisions.filter((d) => d.action === 'remove').length;
    return html`<div role="status" aria-live="polite" class="retention-preview" data-busy=${this.busy ? 'true' : 'false'}>
      ${this.message ? html`<p class="muted">${this.message}</p>` : nothing}
      ${this.preview ? html`<p><strong>Preview (restic forget --dry-run):</strong> keeps ${decisions.length - removed}, removes
        <span class=${removed ? 'remove' : ''}>${removed}</span> of ${decisions.length} snapshot(s). Nothing is removed until a forget job runs.</p>
        ${decisions.length ? html`<div class="scroll"><table><thead><tr><th>Snapshot</th><th>Time</th><th>Decision</th><th>Why kept</th></tr></thead>
          <tbody>${decisions.map((d) => html`<tr data-decision=${d.action} data-snapshot=${d.shortId}><td><code>${d.shortId}</code></td><td>${formatTime(d.time)}</td>
            <td class=${d.action}>${d.action}</td><td>${d.reasons.join(', ')}</td></tr>`)}</tbody></table></div>` : nothing}` : nothing}
    </div>`;
  }
}
