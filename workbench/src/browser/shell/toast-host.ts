import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TOAST_SECONDS } from '../state/toast-center.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { sharedStyles } from './shared-styles.js';

/** Notifications in the corner, each dismissing itself after a while; a live region so screen readers announce them. */
@customElement('tl-toast-host')
export class ToastHost extends LitElement {
  static override styles = [sharedStyles, css`
    :host { position: fixed; right: 12px; bottom: 36px; display: flex; flex-direction: column; gap: 6px; z-index: 30; max-width: 420px; }
    .toast { display: flex; gap: 8px; align-items: start; background: var(--tl-bg); border: 1px solid var(--tl-border);
      border-left: 4px solid var(--tl-accent); padding: 8px 10px; border-radius: 4px; box-shadow: 0 4px 12px rgb(0 0 0 / 0.25); }
    .toast.error { border-left-color: var(--tl-error); color: var(--tl-fg); }
    .toast.warning { border-left-color: var(--tl-warning); color: var(--tl-fg); }
    .toast span { flex: 1; word-break: break-word; }
    .toast button { background: none; border: none; color: var(--tl-fg); padding: 0 4px; min-width: 24px; min-height: 24px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['toasts']);
  }

  protected override render(): TemplateResult {
    return html`<div role="status" aria-live="polite" style="display:contents">
      ${this.state.toasts.map((t) => html`<div class="toast ${t.severity}" data-severity=${t.severity} data-seconds=${TOAST_SECONDS[t.severity]}>
        <span>${t.message}</span><button aria-label="Dismiss notification" title="Dismiss" @click=${() => this.state.dismiss(t.id)}>×</button></div>`)}
    </div>`;
  }
}
