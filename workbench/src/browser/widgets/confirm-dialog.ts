import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { sharedStyles } from '../shell/shared-styles.js';

export interface ConfirmOptions {
  readonly title: string;
  readonly body: TemplateResult;
  readonly confirm: string;
  /** A destructive action: the confirm button is styled as a warning and is not the default. */
  readonly danger?: boolean;
  readonly cancel?: string;
}

/** A modal question (native <dialog>: focus trapped, Escape cancels); resolves true only for the confirm button. */
@customElement('tl-confirm-dialog')
export class ConfirmDialog extends LitElement {
  static override styles = [sharedStyles, css`
    dialog { max-width: min(640px, 92vw); border: 1px solid var(--tl-border); border-radius: 6px; background: var(--tl-bg); color: var(--tl-fg); padding: 14px 18px; }
    dialog::backdrop { background: rgb(0 0 0 / 0.35); }
    .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 14px; }
    button.danger { background: var(--tl-error); border-color: var(--tl-error); color: var(--tl-bg); }
    .body { max-height: 55vh; overflow: auto; }
  `];

  @property({ attribute: false }) options!: ConfirmOptions;
  @query('dialog') private dialog!: HTMLDialogElement;
  private settle: (answer: Record<string, string> | undefined) => void = () => undefined;

  /** The named fields of the body when confirmed (an empty record when it has none); undefined when cancelled. */
  ask(): Promise<Record<string, string> | undefined> {
    return new Promise((resolve) => {
      this.settle = resolve;
      void this.updateComplete.then(() => this.dialog.showModal());
    });
  }

  private close(confirmed: boolean): void {
    const fields = this.renderRoot.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.body [name]');
    if (confirmed && [...fields].some((field) => !field.reportValidity())) return;
    const values = Object.fromEntries([...fields].map((field) => [field.name, field instanceof HTMLInputElement && field.type === 'checkbox' ? String(field.checked) : field.value]));
    this.dialog.close();
    this.settle(confirmed ? values : undefined);
    this.remove();
  }

  protected override render(): TemplateResult {
    const o = this.options;
    return html`<dialog aria-labelledby="title" aria-describedby="body" @cancel=${(e: Event) => { e.preventDefault(); this.close(false); }}>
      <h2 id="title">${o.title}</h2><div class="body" id="body">${o.body}</div>
      <div class="actions">
        <button class="secondary" data-action="cancel" ?autofocus=${o.danger ?? false} @click=${() => this.close(false)}>${o.cancel ?? 'Cancel'}</button>
        <button class=${o.danger ? 'danger' : nothing} data-action="confirm" ?autofocus=${!o.danger} @click=${() => this.close(true)}>${o.confirm}</button>
      </div></dialog>`;
  }
}

/** Asks; the body may hold named fields, whose values come back when confirmed. */
export function askDialog(options: ConfirmOptions): Promise<Record<string, string> | undefined> {
  const dialog = new ConfirmDialog();
  dialog.options = options;
  document.body.append(dialog);
  return dialog.ask();
}

export async function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  return (await askDialog(options)) !== undefined;
}
