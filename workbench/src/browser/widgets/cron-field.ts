import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient } from '../api/api-client.js';
import type { SchedulePreview } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';

type Preset = 'none' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'custom';

interface Parts {
  readonly preset: Preset;
  readonly minute: number;
  readonly hour: number;
  readonly weekday: number;
  readonly day: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const PRESETS: ReadonlyArray<[Preset, string]> = [
  ['none', 'Not scheduled (manual only)'], ['hourly', 'Every hour'], ['daily', 'Every day'], ['weekly', 'Every week'],
  ['monthly', 'Every month'], ['custom', 'Custom cron expression'],
];

/** Reads an expression back into the helper's fields when it is one of its shapes. */
export function parseSchedule(expression: string | undefined): Parts {
  const base = { minute: 0, hour: 2, weekday: 1, day: 1 };
  if (!expression) return { ...base, preset: 'none' };
  const m = /^(\d{1,2}) (\*|\d{1,2}) (\*|\d{1,2}) \* (\*|\d)$/.exec(expression.trim());
  if (!m) return { ...base, preset: 'custom' };
  const [minute, hour, day, weekday] = [Number(m[1]), m[2]!, m[3]!, m[4]!];
  if (hour === '*' && day === '*' && weekday === '*') return { ...base, minute, preset: 'hourly' };
  if (hour === '*') return { ...base, preset: 'custom' };
  if (day === '*' && weekday === '*') return { ...base, minute, hour: Number(hour), preset: 'daily' };
  if (day === '*') return { ...base, minute, hour: Number(hour), weekday: Number(weekday), preset: 'weekly' };
  return weekday === '*' ? { ...base, minute, hour: Number(hour), day: Number(day), preset: 'monthly' } : { ...base, preset: 'custom' };
}

export function scheduleOf(parts: Parts, custom: string): string | undefined {
  const { minute: mi, hour: h } = parts;
  switch (parts.preset) {
    case 'none': return undefined;
    case 'hourly': return `${mi} * * * *`;
    case 'daily': return `${mi} ${h} * * *`;
    case 'weekly': return `${mi} ${h} * * ${parts.weekday}`;
    case 'monthly': return `${mi} ${h} ${parts.day} * *`;
    case 'custom': return custom.trim() || undefined;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A plan's schedule: common choices as plain fields, any cron expression as text, and the next 5 runs from the server. */
@customElement('tl-cron-field')
export class CronField extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; margin: 6px 0; }
    .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
    .row label { margin: 0; }
    ol { margin: 4px 0; padding-left: 22px; }
    .help { color: var(--tl-muted); font-size: 12px; }
  `];

  @property({ attribute: false }) api!: ApiClient;
  @property() value: string | undefined;
  @property({ type: Boolean }) disabled = false;
  @state() private parts: Parts = parseSchedule(undefined);
  @state() private custom = '';
  @state() private preview: SchedulePreview | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown: string | undefined = '\0';

  protected override willUpdate(): void {
    // A value set from outside (loading the plan) is read back into the fields; one the fields made is already there.
    if (this.value === this.shown) return;
    this.shown = this.value;
    this.parts = parseSchedule(this.value);
    this.custom = this.value ?? '';
    this.refreshPreview();
  }

  private change(parts: Partial<Parts>, custom = this.custom): void {
    this.parts = { ...this.parts, ...parts };
    this.custom = custom;
    const next = scheduleOf(this.parts, custom);
    if (this.parts.preset !== 'custom') this.custom = next ?? '';
    this.shown = next;
    this.value = next;
    this.dispatchEvent(new CustomEvent('value-changed', { detail: next }));
    this.refreshPreview();
  }

  private refreshPreview(): void {
    clearTimeout(this.timer);
    const expression = this.value;
    if (!expression) {
      this.preview = undefined;
      return;
    }
    this.timer = setTimeout(() => void this.api.schedulePreview(expression).then((p) => {
      if (this.value === expression) this.preview = p;
    }, () => undefined), 300);
  }

  protected override render(): TemplateResult {
    const { preset, minute, hour, weekday, day } = this.parts;
    const time = html`<span><label for="cron-time">At (local time)</label>
      <input id="cron-time" type="time" .value=${`${pad(hour)}:${pad(minute)}`} ?disabled=${this.disabled}
        @change=${(e: Event) => { const [h, m] = (e.target as HTMLInputElement).value.split(':').map(Number); this.change({ hour: h ?? 0, minute: m ?? 0 }); }}></span>`;
    return html`<fieldset><legend>Schedule</legend>
      <div class="row">
        <span><label for="cron-preset">Run</label>
          <select id="cron-preset" ?disabled=${this.disabled} @change=${(e: Event) => this.change({ preset: (e.target as HTMLSelectElement).value as Preset })}>
            ${PRESETS.map(([id, label]) => html`<option value=${id} ?selected=${id === preset}>${label}</option>`)}</select></span>
        ${preset === 'hourly' ? html`<span><label for="cron-minute">At minute</label><input id="cron-minute" type="number" min="0" max="59" .value=${String(minute)}
          ?disabled=${this.disabled} @change=${(e: Event) => this.change({ minute: Math.min(59, Math.max(0, Number((e.target as HTMLInputElement).value))) })}></span>` : nothing}
        ${preset === 'weekly' ? html`<span><label for="cron-weekday">On</label><select id="cron-weekday" ?disabled=${this.disabled}
          @change=${(e: Event) => this.change({ weekday: Number((e.target as HTMLSelectElement).value) })}>
          ${WEEKDAYS.map((name, i) => html`<option value=${i} ?selected=${i === weekday}>${name}</option>`)}</select></span>` : nothing}
        ${preset === 'monthly' ? html`<span><label for="cron-day">On day</label><input id="cron-day" type="number" min="1" max="28" .value=${String(day)}
          ?disabled=${this.disabled} @change=${(e: Event) => this.change({ day: Math.min(28, Math.max(1, Number((e.target as HTMLInputElement).value))) })}></span>` : nothing}
        ${['daily', 'weekly', 'monthly'].includes(preset) ? time : nothing}
        ${preset === 'custom' ? html`<span style="flex:1"><label for="cron-expression">Cron expression (minute hour day month weekday)</label>
          <input id="cron-expression" style="width:100%;box-sizing:border-box" .value=${this.custom} placeholder="30 2 * * 1-5" ?disabled=${this.disabled}
            aria-describedby="cron-runs" @input=${(e: Event) => this.change({}, (e.target as HTMLInputElement).value)}></span>` : nothing}
      </div>
      <div id="cron-runs" aria-live="polite">
        ${this.value ? html`<div class="help">Expression: <code>${this.value}</code></div>` : nothing}
        ${this.preview?.problem ? html`<p class="error" data-problem="schedule">${this.preview.problem}</p>` : nothing}
        ${this.preview && !this.preview.problem ? html`<div>Next ${this.preview.runs.length} runs:</div>
          <ol class="next-runs">${this.preview.runs.map((run) => html`<li>${new Date(run).toLocaleString()}</li>`)}</ol>` : nothing}
      </div></fieldset>`;
  }
}
