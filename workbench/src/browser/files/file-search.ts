import { formatBytes } from '@timelocker/plugin-api';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { quickPickStyles, sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { formatTime } from '../widgets/format.js';
import { onQuickPickKey } from '../widgets/quick-pick-keys.js';
import { FileVersions } from './file-versions.js';
import type { FileMatchDto, FileSearchResult } from '../../common/file-index-dto.js';

/** Results follow typing after this pause; an answer to an older query is dropped (its request aborted). */
const TYPING_PAUSE_MS = 120;

/** Ctrl+P: any file in any snapshot, from the file index, as you type; Enter opens the file's versions. */
@customElement('tl-file-search')
export class FileSearch extends LitElement {
  static override styles = [sharedStyles, quickPickStyles, css`
    .quick-pick { top: 10%; width: min(760px, 94vw); }
    ul { max-height: 60vh; overflow: auto; }
    li { display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; }
    .path { overflow-wrap: anywhere; white-space: pre-wrap; }
    .footer { padding: 4px 10px; border-top: 1px solid var(--tl-bg-bar); font-size: 12px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private open = false;
  @state() private text = '';
  @state() private result: FileSearchResult | undefined;
  @state() private problem = '';
  @state() private active = 0;
  @query('input') private input?: HTMLInputElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  override connectedCallback(): void {
    super.connectedCallback();
    // The shell dispatches the key, and the palette shows it beside the title.
    this.state.registerCommand({ id: 'files.search', title: 'Find a file in any snapshot', category: 'Files', keybinding: 'Ctrl+P', run: () => this.show() });
  }

  show(): void {
    this.open = true;
    this.active = 0;
    void this.updateComplete.then(() => this.input?.select());
  }

  private onInput(value: string): void {
    this.text = value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(value), TYPING_PAUSE_MS);
  }

  private async search(text: string): Promise<void> {
    this.inFlight?.abort();
    if (!text.trim()) {
      this.result = undefined;
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const response = await fetch(`/api/v1/files/search?${new URLSearchParams({ q: text, limit: '50' })}`, {
        headers: { authorization: `Bearer ${this.state.api.token}` }, signal: controller.signal,
      });
      const body = await response.json() as FileSearchResult & { message?: string };
      if (controller.signal.aborted) return;
      this.problem = response.ok ? '' : body.message ?? `search failed (${response.status})`;
      this.result = response.ok ? body : undefined;
      this.active = 0;
    } catch (error) {
      if (!controller.signal.aborted) this.problem = (error as Error).message;
    }
  }

  private choose(match: FileMatchDto | undefined): void {
    if (!match) return;
    this.open = false;
    const panel = new FileVersions();
    panel.state = this.state;
    panel.path = match.path;
    this.state.openEditor({ id: `versions:${match.path}`, title: `Versions: ${match.path.split('/').pop() ?? match.path}`, element: panel });
  }

  private onInputKey(event: KeyboardEvent): void {
    onQuickPickKey(event, {
      items: this.result?.matches ?? [], active: this.active, moveTo: (index) => (this.active = index), choose: (match) => this.choose(match), close: () => (this.open = false),
    });
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const matches = this.result?.matches ?? [];
    return html`<div class="backdrop" @click=${() => (this.open = false)}></div>
      <div class="quick-pick" role="dialog" aria-label="Find a file in any snapshot">
        <input role="combobox" aria-expanded="true" aria-controls="file-results" aria-label="File name or path (substring, or a glob such as *.pdf)"
          placeholder="Find a file in any snapshot: part of its name or path, or *.pdf" .value=${this.text} aria-activedescendant=${`file-${this.active}`}
          @input=${(e: Event) => this.onInput((e.target as HTMLInputElement).value)} @keydown=${(e: KeyboardEvent) => this.onInputKey(e)}>
        <ul class="list" id="file-results" role="listbox" aria-label="Files">
          ${matches.map((m, i) => html`<li id=${`file-${i}`} role="option" data-path=${m.path} aria-selected=${i === this.active ? 'true' : 'false'} @click=${() => this.choose(m)}>
            <span class="path">${m.path}</span>
            <span class="muted">${m.versions.length} version${m.versions.length === 1 ? '' : 's'}</span>
            <span class="muted">${m.versions[0]!.type === 'file' ? formatBytes(m.versions[0]!.size) : m.versions[0]!.type} · modified ${formatTime(m.versions[0]!.mtime)}</span>
            <span class="muted">${m.versions[0]!.snapshots.length} snapshot(s)</span></li>`)}
        </ul>
        <div class="footer ${this.problem ? 'error' : 'muted'}" role="status">${this.problem || (this.result
          ? `${matches.length}${this.result.truncated ? '+' : ''} path(s) · ${this.result.searchedEntries.toLocaleString()} indexed entries · ${this.result.tookMs.toFixed(0)} ms`
          : 'Type to search every snapshot of every repository.')}</div>
      </div>`;
  }
}
