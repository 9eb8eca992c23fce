import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { sharedStyles } from './shared-styles.js';

/** Bottom panel: the output of the selected (by default the latest) job, live. */
@customElement('tl-job-panel')
export class JobPanel extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: flex; flex-direction: column; min-height: 0; background: var(--tl-bg); }
    .toolbar { border-bottom: 1px solid var(--tl-bg-bar); padding: 2px 8px; }
    pre { flex: 1; margin: 0; padding: 6px 10px; overflow: auto; font: 12px/1.4 var(--tl-mono); white-space: pre-wrap; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private selected = '';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
  }

  protected override updated(): void {
    const pre = this.renderRoot.querySelector('pre');
    if (pre) pre.scrollTop = pre.scrollHeight;
  }

  protected override render(): TemplateResult {
    const jobs = [...this.state.jobs.values()].filter((j) => j.log.length > 0);
    const live = this.state.jobs.get(this.selected) ?? jobs[jobs.length - 1];
    return html`<div class="toolbar"><h2 id="panel-title">Job output</h2>
        <select aria-label="Job" @change=${(e: Event) => (this.selected = (e.target as HTMLSelectElement).value)}>
          ${jobs.map((j) => html`<option value=${j.job.id} ?selected=${j === live}>${j.job.kind} ${j.job.plan ?? j.job.repository} (${j.job.status})</option>`)}
        </select></div>
      <pre aria-labelledby="panel-title" tabindex="0" data-job=${live?.job.id ?? ''}>${live ? live.log.join('\n') : 'No job output yet.'}</pre>`;
  }
}
