import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiClient, ApiError } from '../api/api-client.js';
import type { ContributionsDto } from '../api/api-types.js';
import { takeToken } from '../api/auth-token.js';
import { EventStream } from '../api/event-stream.js';
import { WorkbenchState } from '../state/workbench-state.js';
import { registerBuiltinCommands } from './builtin-commands.js';
import { sharedStyles } from './shared-styles.js';
import '../views/index.js';
import './workbench-shell.js';

type Phase = 'loading' | 'no-token' | 'denied' | 'privacy' | 'wizard' | 'ready';

/** Boots the page: token → role and contributions → first run (privacy, wizard) or the shell. */
@customElement('tl-workbench')
export class WorkbenchRoot extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; height: 100%; }
    .center { max-width: 640px; margin: 10vh auto; padding: 0 16px; }
  `];

  @state() private phase: Phase = 'loading';
  @state() private message = '';
  private state?: WorkbenchState;
  private contributions: ContributionsDto = { commands: [], views: [] };
  /** Where the first run goes once the privacy notice is accepted: the wizard only for an admin without repositories. */
  private afterPrivacy: Phase = 'ready';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.boot();
  }

  private async boot(): Promise<void> {
    const token = takeToken();
    if (!token) {
      this.phase = 'no-token';
      return;
    }
    const api = new ApiClient(token);
    const events = new EventStream(api.eventsUrl(), () => api.probe());
    const state = new WorkbenchState(api, events);
    try {
      const [who, contributions, repositories] = await Promise.all([api.whoami(), api.contributions(), api.repositories()]);
      state.role = who.role;
      this.contributions = contributions;
      this.state = state;
      registerBuiltinCommands(state, contributions);
      events.open();
      this.afterPrivacy = repositories.length === 0 && state.can('admin') ? 'wizard' : 'ready';
      const privacy = await api.privacy().catch(() => undefined);
      this.phase = privacy && !privacy.accepted ? 'privacy' : this.afterPrivacy;
    } catch (error) {
      this.phase = 'denied';
      this.message = error instanceof ApiError && error.status === 401 ? 'This link\'s token is unknown or revoked. Open the workbench again from `timelocker serve`.' : String((error as Error).message);
    }
    await this.updateComplete;
    document.body.dataset['ready'] = 'true';
    // For the first-render benchmark (page load → shell interactive).
    performance.mark('timelocker-ready');
    // History loads after the shell is interactive: it can be long and nothing on first paint needs it.
    void this.state?.loadJobs();
  }

  protected override render(): TemplateResult {
    switch (this.phase) {
      case 'loading':
        return html`<p class="center muted" role="status">Loading TimeLocker…</p>`;
      case 'no-token':
        return html`<div class="center"><h1>TimeLocker</h1><p>Open this page through <code>timelocker serve</code>: its address carries an access token.</p></div>`;
      case 'denied':
        return html`<div class="center" role="alert"><h1>Cannot connect</h1><p class="error">${this.message}</p></div>`;
      case 'privacy':
        return html`<tl-privacy-notice .state=${this.state} @done=${() => (this.phase = this.afterPrivacy)}></tl-privacy-notice>`;
      case 'wizard':
        return html`<tl-first-run-wizard .state=${this.state} @done=${() => (this.phase = 'ready')}></tl-first-run-wizard>`;
      case 'ready':
        return html`<tl-shell .state=${this.state} .contributedViews=${this.contributions.views}></tl-shell>`;
    }
  }
}
