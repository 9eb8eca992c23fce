import { formatBytes } from '@timelocker/plugin-api';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BreakerStatus, JobDto, PlanDto, ScheduledPlan, StorageSample } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { barChart, lineChart, type Series } from '../widgets/charts.js';
import { formatDuration, formatTime } from '../widgets/format.js';

/** A plan is stale when its last successful backup is older than this (or it never had one). */
const STALE_MS = 48 * 3600_000;

/** Editor: charts from job history (and storage samples when the server exposes them), last runs, stale plans. */
@customElement('tl-dashboard')
export class DashboardView extends LitElement {
  static override styles = [sharedStyles, css`
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; }
    figure { margin: 0; border: 1px solid var(--tl-bg-bar); border-radius: 4px; padding: 8px; }
    figcaption { font-weight: 600; margin-bottom: 4px; }
    svg { width: 100%; height: auto; display: block; }
    .legend { display: flex; gap: 12px; font-size: 12px; }
    .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
    .stale { border-left: 4px solid var(--tl-warning); padding: 4px 8px; margin: 4px 0; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private plans: PlanDto[] = [];
  @state() private samples: StorageSample[] | undefined;
  @state() private schedules: ScheduledPlan[] = [];
  @state() private breakers: BreakerStatus[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
    new StateController(this, this.state, ['plans', 'snapshots'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    this.plans = (await this.state.attempt('Loading plans', () => this.state.api.plans())) ?? this.plans;
    // Samples are taken after each backup; before the first one, data added per backup stands in.
    [this.samples, this.schedules, this.breakers] = await Promise.all([
      this.state.attempt('Loading storage samples', () => this.state.api.storageSamples()),
      this.state.attempt('Loading schedules', () => this.state.api.schedules()).then((s) => s ?? this.schedules),
      this.state.attempt('Loading circuit breakers', () => this.state.api.breakers()).then((b) => b ?? this.breakers),
    ]);
  }

  private nextRuns(): TemplateResult {
    const upcoming = [...this.schedules].sort((a, b) => (a.nextRun ?? '~').localeCompare(b.nextRun ?? '~'));
    return html`<h3>Next runs</h3>
      ${upcoming.length ? html`<table><thead><tr><th>Plan</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Window</th></tr></thead>
        <tbody>${upcoming.map((s) => html`<tr data-next-run=${s.plan}><td>${s.plan}${s.running ? html` <span class="badge">running</span>` : nothing}</td>
          <td><code>${s.schedule}</code></td><td class=${s.problem ? 'error' : ''}>${s.problem ?? formatTime(s.nextRun)}</td>
          <td class=${s.lastStatus === 'succeeded' ? 'ok' : s.lastStatus ? 'error' : ''}>${formatTime(s.lastRun)}${s.lastStatus ? ` (${s.lastStatus})` : ''}</td>
          <td>${s.window ?? 'any time'}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">No plan has a schedule.</p>`}`;
  }

  private sizeSeries(backups: JobDto[]): { title: string; series: Series[] } {
    const byRepo = new Map<string, Series['points'][number][]>();
    if (this.samples?.length) {
      for (const s of this.samples) (byRepo.get(s.repository) ?? byRepo.set(s.repository, []).get(s.repository)!).push({ x: Date.parse(s.time), y: s.rawSize });
      return { title: 'Repository size over time', series: [...byRepo].map(([label, points]) => ({ label, points })) };
    }
    const totals = new Map<string, number>();
    for (const job of [...backups].reverse()) {
      const added = (totals.get(job.repository) ?? 0) + (job.summary?.dataAdded ?? 0);
      totals.set(job.repository, added);
      (byRepo.get(job.repository) ?? byRepo.set(job.repository, []).get(job.repository)!).push({ x: Date.parse(job.finishedAt ?? job.queuedAt), y: added });
    }
    return { title: 'Repository size over time (data added by backups)', series: [...byRepo].map(([label, points]) => ({ label, points })) };
  }

  protected override render(): TemplateResult {
    const jobs = [...this.state.jobs.values()].map((j) => j.job).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
    const backups = jobs.filter((j) => j.kind === 'backup' && j.status === 'succeeded');
    const finished = jobs.filter((j) => j.kind === 'backup' && j.finishedAt);
    const size = this.sizeSeries(backups);
    const durations = backups.slice(0, 30).reverse().map((j, i) => ({ label: String(i + 1), value: j.summary?.durationSeconds ?? 0 }));
    const ok = finished.filter((j) => j.status === 'succeeded').length;
    const now = Date.now();
    const rows = this.plans.map((plan) => {
      const last = finished.find((j) => j.plan === plan.name);
      const lastOk = backups.find((j) => j.plan === plan.name);
      const stale = !lastOk || now - Date.parse(lastOk.finishedAt ?? lastOk.queuedAt) > STALE_MS;
      return { plan, last, lastOk, stale };
    });
    return html`<div class="page" tabindex="0">
      <h1>Dashboard</h1>
      <tl-copies-flag .state=${this.state}></tl-copies-flag>
      ${rows.filter((r) => r.stale).map((r) => html`<div class="stale warning" role="alert" data-stale=${r.plan.name}>
        ⚠ Plan <strong>${r.plan.name}</strong> ${r.lastOk ? `has not backed up successfully since ${formatTime(r.lastOk.finishedAt)}` : 'has never backed up successfully'}.</div>`)}
      ${this.breakers.filter((b) => b.state !== 'closed').map((b) => html`<div class="stale warning" role="alert" data-breaker=${b.repository}>
        ⚠ Scheduled runs of repository <strong>${b.repository}</strong> are paused${b.state === 'open' ? ` until ${formatTime(b.retryAt)}` : ' until the next scheduled run succeeds'}
        after ${b.failures} failed run${b.failures === 1 ? '' : 's'} in a row${b.lastError ? ` (last: ${b.lastError})` : ''}. A manual run still goes through.</div>`)}
      <div class="grid">
        ${lineChart(size.title, size.series, formatBytes)}
        ${barChart('Backup durations (last 30)', durations, formatDuration)}
        ${barChart('Backups: succeeded vs failed', [{ label: 'succeeded', value: ok, kind: 'ok' }, { label: 'failed', value: finished.length - ok, kind: 'bad' }], String)}
      </div>
      ${this.nextRuns()}
      <h3>Plans</h3>
      <table><thead><tr><th>Plan</th><th>Repository</th><th>Last run</th><th>Result</th><th>Last success</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr><td>${r.plan.name}</td><td>${r.plan.repository}</td><td>${formatTime(r.last?.finishedAt)}</td>
          <td class=${r.last?.status === 'succeeded' ? 'ok' : r.last ? 'error' : ''}>${r.last?.status ?? '—'}</td><td>${formatTime(r.lastOk?.finishedAt)}</td></tr>`)}</tbody></table>
      ${this.plans.length ? nothing : html`<p class="muted">No plans yet.</p>`}
    </div>`;
  }
}
