import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReportCatalog, ReportFile, ReportRequest } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';

function save(file: ReportFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  // The download has taken the blob by the next task; the URL would otherwise live as long as the page.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Editor: every report type × contributed format; a click generates the report on the server and downloads it. */
@customElement('tl-reports-view')
export class ReportsView extends LitElement {
  static override styles = [sharedStyles, css`
    form { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; margin-bottom: 10px; }
    form label { margin: 0; }
    td.formats { display: flex; gap: 6px; flex-wrap: wrap; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private catalog: ReportCatalog | undefined;
  @state() private repositories: string[] = [];
  @state() private busy = '';
  private period: Pick<ReportRequest, 'from' | 'to' | 'repository'> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.catalog = (await this.state.attempt('Loading report types', () => this.state.api.reports())) ?? this.catalog;
    this.repositories = ((await this.state.attempt('Loading repositories', () => this.state.api.repositories())) ?? []).map((r) => r.name);
  }

  private readPeriod(event: Event): void {
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (key: string): string | undefined => String(data.get(key) ?? '') || undefined;
    const from = value('from');
    const to = value('to');
    const repository = value('repository');
    this.period = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(repository ? { repository } : {}) };
  }

  private async generate(type: string, format: string): Promise<void> {
    this.busy = `${type}.${format}`;
    try {
      const file = await this.state.attempt(`Generating the ${type} report`, () => this.state.api.generateReport({ type, format, ...this.period }));
      if (file) {
        save(file);
        this.state.notify('info', `Report ${file.fileName} downloaded.`);
      }
    } finally {
      this.busy = '';
    }
  }

  protected override render(): TemplateResult {
    const allowed = this.state.can('operator');
    return html`<div class="page">
      <h1>Reports</h1>
      <form aria-label="Report period" @change=${(e: Event) => this.readPeriod(e)} @submit=${(e: Event) => e.preventDefault()}>
        <div><label for="r-from">From</label><input id="r-from" name="from" type="date"></div>
        <div><label for="r-to">To (inclusive)</label><input id="r-to" name="to" type="date"></div>
        <div><label for="r-repo">Repository</label><select id="r-repo" name="repository"><option value="">all</option>
          ${this.repositories.map((name) => html`<option>${name}</option>`)}</select></div>
      </form>
      ${allowed ? nothing : html`<p class="muted">Generating reports needs the operator role.</p>`}
      <table><thead><tr><th>Report</th><th>Download as</th></tr></thead>
        <tbody>${(this.catalog?.types ?? []).map((type) => html`<tr data-report=${type.id}><td>${type.label}</td><td class="formats">
          ${(this.catalog?.formats ?? []).map((format) => html`<button class="secondary" data-format=${format.id} title=${format.label}
            ?disabled=${!allowed || this.busy !== ''} aria-busy=${this.busy === `${type.id}.${format.id}` ? 'true' : 'false'}
            @click=${() => this.generate(type.id, format.id)}>${format.id.toUpperCase()}</button>`)}</td></tr>`)}</tbody></table>
      ${this.catalog && !this.catalog.formats.length ? html`<p class="muted">No report formats: is the reports plugin installed?</p>` : nothing}
    </div>`;
  }
}
