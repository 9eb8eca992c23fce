import { html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PrivacyNotice as Notice } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';

/** Shown once before anything else when the server exposes a privacy notice that has not been accepted. */
@customElement('tl-privacy-notice')
export class PrivacyNotice extends LitElement {
  static override styles = [sharedStyles];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private notice: Notice | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.state.api.privacy().then((notice) => (this.notice = notice), () => this.dispatchEvent(new CustomEvent('done')));
  }

  private async accept(): Promise<void> {
    if (await this.state.attempt('Accepting the privacy notice', () => this.state.api.acceptPrivacy()) !== undefined) this.dispatchEvent(new CustomEvent('done'));
  }

  protected override render(): TemplateResult {
    return html`<div class="page" style="max-width:680px;margin:6vh auto" role="dialog" aria-labelledby="privacy-title">
      <h1 id="privacy-title">Privacy notice</h1>
      <div style="white-space:pre-wrap">${this.notice?.text ?? 'Loading…'}</div>
      <p><button data-action="accept" ?disabled=${!this.notice} @click=${() => this.accept()}>Accept and continue</button></p></div>`;
  }
}
