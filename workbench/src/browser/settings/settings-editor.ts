import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type * as Monaco from 'monaco-editor';
import { ApiError } from '../api/api-client.js';
import type { ConfigIssue } from '../api/api-types.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { loadMonaco } from './monaco-loader.js';

const MODEL_URI = 'timelocker://config/timelocker.json';
const SCHEMA_URI = 'timelocker://schema/timelocker.schema.json';

interface Problem { readonly line: number; readonly column: number; readonly message: string; readonly source: string }

/**
 * The config file in Monaco with the composed schema (diagnostics, completion, hover). Rendered without a shadow root
 * of its own, but it sits inside the shell's: the page stylesheet (with monaco's CSS) is linked again right here.
 */
@customElement('tl-settings-editor')
export class SettingsEditor extends LitElement {
  @property({ attribute: false }) state!: WorkbenchState;
  @state() private etag = '';
  @state() private problems: Problem[] = [];
  @state() private banner: { kind: 'conflict' | 'changed' | 'saved' | 'refused'; text: string } | undefined;
  @state() private dirty = false;
  private monaco?: typeof Monaco;
  private editor?: Monaco.editor.IStandaloneCodeEditor;
  private model?: Monaco.editor.ITextModel;
  private savedText = '';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.classList.add('tl-settings');
    new StateController(this, this.state, ['config'], () => void this.onChangedOnDisk());
    window.addEventListener('tl-theme', this.onTheme);
    void this.setUp();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('tl-theme', this.onTheme);
  }

  private readonly onTheme = (): void => this.monaco?.editor.setTheme(document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs');

  private async setUp(): Promise<void> {
    const [monaco, schema, config] = await Promise.all([loadMonaco(), this.state.api.configSchema(), this.state.api.config()]);
    this.monaco = monaco;
    monaco.json.jsonDefaults.setDiagnosticsOptions({
      validate: true, allowComments: true, trailingCommas: 'warning', enableSchemaRequest: false, schemaValidation: 'error',
      schemas: [{ uri: SCHEMA_URI, fileMatch: [MODEL_URI], schema }],
    });
    await this.updateComplete;
    const uri = monaco.Uri.parse(MODEL_URI);
    this.model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(config.text, 'json', uri);
    this.model.setValue(config.text);
    this.savedText = config.text;
    this.etag = config.etag;
    this.editor = monaco.editor.create(this.querySelector('.monaco-host') as HTMLElement, {
      model: this.model, automaticLayout: true, minimap: { enabled: false }, readOnly: !this.state.can('admin'),
      theme: document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs', fixedOverflowWidgets: true,
      ariaLabel: 'Configuration file timelocker.json',
    });
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void this.save());
    this.model.onDidChangeContent(() => {
      this.dirty = this.model!.getValue() !== this.savedText;
      monaco.editor.setModelMarkers(this.model!, 'server', []);
    });
    monaco.editor.onDidChangeMarkers(() => this.collectProblems());
  }

  private collectProblems(): void {
    if (!this.monaco || !this.model) return;
    this.problems = this.monaco.editor.getModelMarkers({ resource: this.model.uri }).map((m) => ({
      line: m.startLineNumber, column: m.startColumn, message: m.message, source: m.owner === 'server' ? 'server' : 'schema',
    }));
  }

  private async save(): Promise<void> {
    if (!this.model || !this.monaco) return;
    const text = this.model.getValue();
    try {
      this.etag = await this.state.api.saveConfig(text, this.etag);
      this.savedText = text;
      this.dirty = false;
      this.banner = { kind: 'saved', text: 'Saved.' };
      this.state.notify('info', 'Configuration saved.');
      this.state.emit('plans');
      this.state.emit('repositories');
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        this.banner = { kind: 'conflict', text: 'The file changed on disk since you opened it. Reload it (your edits are lost) or copy your changes first.' };
      } else if (error instanceof ApiError && error.status === 400 && error.issues.length) {
        this.showIssues(error.issues);
        this.banner = { kind: 'refused', text: `Not saved: ${error.issues.length} problem${error.issues.length > 1 ? 's' : ''} in the configuration.` };
      } else {
        this.banner = { kind: 'refused', text: `Not saved: ${(error as Error).message}` };
      }
    }
  }

  private showIssues(issues: readonly ConfigIssue[]): void {
    const model = this.model!;
    this.monaco!.editor.setModelMarkers(model, 'server', issues.map((issue) => {
      const line = Math.min(Math.max(issue.line ?? 1, 1), model.getLineCount());
      const column = Math.max(issue.column ?? 1, 1);
      return {
        severity: issue.severity === 'warning' ? this.monaco!.MarkerSeverity.Warning : this.monaco!.MarkerSeverity.Error,
        message: issue.jsonPath ? `${issue.message} (${issue.jsonPath})` : issue.message,
        startLineNumber: line, startColumn: column,
        endLineNumber: issue.endLine ?? line, endColumn: issue.endColumn ?? model.getLineMaxColumn(line),
      };
    }));
  }

  private async reload(): Promise<void> {
    const config = await this.state.attempt('Reloading the config', () => this.state.api.config());
    if (!config || !this.model) return;
    this.savedText = config.text;
    this.etag = config.etag;
    this.model.setValue(config.text);
    this.banner = undefined;
  }

  private async onChangedOnDisk(): Promise<void> {
    if (!this.model) return;
    const config = await this.state.api.config().catch(() => undefined);
    if (!config || config.etag === this.etag) return;
    if (!this.dirty) await this.reload();
    else this.banner = { kind: 'changed', text: 'The file changed on disk while you were editing.' };
  }

  protected override render(): TemplateResult {
    const admin = this.state.can('admin');
    return html`<link rel="stylesheet" href="app.css"><div class="tl-settings-toolbar">
        <strong>timelocker.json</strong>${this.dirty ? html` <span class="tl-muted">(modified)</span>` : nothing}
        <span style="flex:1"></span>
        <button class="tl-button" data-action="save" ?disabled=${!admin} title=${admin ? 'Validate on the server and save (Ctrl+S)' : 'Needs the admin role'} @click=${() => this.save()}>Save</button>
        <button class="tl-button secondary" @click=${() => this.reload()}>Reload from disk</button>
      </div>
      ${this.banner ? html`<div class="tl-banner ${this.banner.kind}" role=${this.banner.kind === 'saved' ? 'status' : 'alert'}>${this.banner.text}
        ${this.banner.kind === 'conflict' || this.banner.kind === 'changed' ? html` <button class="tl-button secondary" @click=${() => this.reload()}>Reload</button>` : nothing}</div>` : nothing}
      <div class="monaco-host"></div>
      <div class="tl-problems" role="region" aria-label="Problems">
        ${this.problems.length ? this.problems.map((p) => html`<div class="tl-problem" data-source=${p.source} tabindex="0"
          @click=${() => { this.editor?.setPosition({ lineNumber: p.line, column: p.column }); this.editor?.focus(); }}>
          ${p.line}:${p.column} ${p.message} <span class="tl-muted">[${p.source}]</span></div>`) : html`<span class="tl-muted">No problems.</span>`}
      </div>`;
  }
}
