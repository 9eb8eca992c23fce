import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { formatTime } from '../widgets/format.js';
import type { PlanCopyStatus } from '../../common/copy-status-dto.js';

/** Dashboard: plans whose latest snapshot has fewer verified copies than `copyTo` asks for. */
@customElement('tl-copies-flag')
export class CopiesFlag extends LitElement {
  static override styles = [sharedStyles, css`.flag { border-left: 4px solid var(--tl-warning); padding: 4px 8px; margin: 4px 0; }`];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private statuses: PlanCopyStatus[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs', 'plans'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    this.statuses = (await this.state.attempt('Loading copy status', () => this.state.api.request<PlanCopyStatus[]>('GET', '/copies/status'))) ?? this.statuses;
  }

  protected override render(): TemplateResult {
    const short = this.statuses.filter((s) => s.latestSnapshot && s.missing.length > 0);
    return html`${short.map((s) => html`<div class="flag warning" role="alert" data-copies-missing=${s.plan}>
      ⚠ Plan <strong>${s.plan}</strong>: its latest snapshot ${s.latestSnapshot} has ${s.copies.length} of ${s.wanted.length} copies
      (missing in ${s.missing.join(', ')})${s.copies.length ? html`; verified: ${s.copies.map((c) => `${c.repository} ${formatTime(c.verifiedAt)}`).join(', ')}` : ''}.</div>`)}`;
  }
}
