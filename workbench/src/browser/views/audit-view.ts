import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../api/api-client.js';
import type { AuditEntryDto, AuditVerifyDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';

const SEVERITIES = ['info', 'warning', 'error', 'critical'];

/** Editor: the tamper-evident audit log with filters and the hash-chain verification badge. */
@customElement('tl-audit-view')
export class AuditView extends LitElement {
  static override styles = [sharedStyles, css`
    form { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; margin-bottom: 10px; }
    form label { margin: 0; }
    td { vertical-align: top; font-size: 12px; }
    td.details { font-family: var(--tl-mono); word-break: break-all; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private entries: AuditEntryDto[] = [];
  @state() private verification: AuditVerifyDto | undefined;
  @state() private unavailable = false;
  private filter: Record<string, string> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['audit'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const filter = Object.fromEntries(Object.entries(this.filter).filter(([, v]) => v));
      const [entries, verification] = await Promise.all([this.state.api.audit({ ...filter, limit: 500 }), this.state.api.auditVerify()]);
      this.entries = [...entries].reverse();
      this.verification = verification;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.unavailable = true;
      else this.state.notify('error', `Loading the audit log failed: ${(error as Error).message}`);
    }
  }

  private apply(event: Event): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filter = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    void this.load();
  }

  protected override render(): TemplateResult {
    if (this.unavailable) return html`<div class="page"><h1>Audit log</h1><p class="muted">The audit log is not available on this server.</p></div>`;
    const v = this.verification;
    return html`<div class="page">
      <h1>Audit log ${v ? html`<span class="badge ${v.intact ? 'ok' : 'error'}" data-verified=${String(v.intact)}>
        ${v.intact ? `✓ chain verified (${v.entries} entries)` : `✗ chain broken at #${v.firstBad?.seq}: ${v.firstBad?.problem}`}</span>` : nothing}</h1>
      <form @submit=${(e: Event) => this.apply(e)} aria-label="Audit filters">
        <div><label for="a-type">Type</label><input id="a-type" name="type" placeholder="e.g. job.finished"></div>
        <div><label for="a-actor">Actor</label><input id="a-actor" name="actor"></div>
        <div><label for="a-sev">Severity</label><select id="a-sev" name="severity"><option value="">any</option>${SEVERITIES.map((s) => html`<option>${s}</option>`)}</select></div>
        <div><label for="a-since">Since</label><input id="a-since" name="since" type="date"></div>
        <button type="submit">Filter</button>
      </form>
      <table><thead><tr><th>#</th><th>Time</th><th>Type</th><th>Severity</th><th>Actor</th><th>Target</th><th>Details</th></tr></thead>
        <tbody>${this.entries.map((e) => html`<tr><td>${e.seq}</td><td>${e.time ? new Date(e.time).toLocaleString() : ''}</td><td>${e.type}</td>
          <td class=${e.severity === 'error' || e.severity === 'critical' ? 'error' : e.severity === 'warning' ? 'warning' : ''}>${e.severity}</td>
          <td>${e.actor}</td><td>${e.target ?? ''}</td><td class="details">${e.details ? JSON.stringify(e.details) : ''}</td></tr>`)}</tbody></table>
      ${this.entries.length ? nothing : html`<p class="muted">No entries.</p>`}
    </div>`;
  }
}
