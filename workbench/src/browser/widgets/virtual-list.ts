import { html, LitElement, css, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

/**
 * Renders only the rows in view (plus a margin) inside a full-height spacer, so 10,000 jobs cost what 30 do.
 * Rows have a fixed height; arrow keys move the active row, Enter activates it.
 */
@customElement('tl-virtual-list')
export class VirtualList<T = unknown> extends LitElement {
  static override styles = css`
    :host { display: block; overflow: auto; position: relative; contain: strict; }
    :host(:focus-visible) { outline: 2px solid var(--tl-focus); outline-offset: -2px; }
    .spacer { position: relative; }
    .row { position: absolute; left: 0; right: 0; box-sizing: border-box; overflow: hidden; white-space: nowrap; cursor: pointer; padding: 0 10px; }
    .row:hover { background: var(--tl-bg-alt); }
    .row[aria-selected='true'] { background: var(--tl-selection); }
  `;

  @property({ attribute: false }) items: readonly T[] = [];
  @property({ attribute: false }) renderItem: (item: T, index: number) => TemplateResult = (item) => html`${String(item)}`;
  @property({ type: Number }) rowHeight = 26;
  @property({ attribute: false }) activeIndex = -1;
  @state() private offset = 0;
  @state() private viewport = 600;
  private resize = new ResizeObserver(([entry]) => (this.viewport = entry?.contentRect.height || this.viewport));

  override connectedCallback(): void {
    super.connectedCallback();
    this.tabIndex = 0;
    this.setAttribute('role', 'listbox');
    this.resize.observe(this);
    this.addEventListener('scroll', () => (this.offset = this.scrollTop), { passive: true });
    this.addEventListener('keydown', (event) => this.onKey(event));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.items.length) return;
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (move) {
      event.preventDefault();
      this.activeIndex = Math.max(0, Math.min(this.items.length - 1, this.activeIndex + move));
      const top = this.activeIndex * this.rowHeight;
      if (top < this.scrollTop) this.scrollTop = top;
      else if (top + this.rowHeight > this.scrollTop + this.viewport) this.scrollTop = top + this.rowHeight - this.viewport;
    } else if (event.key === 'Enter' && this.activeIndex >= 0) {
      this.activate(this.activeIndex);
    }
  }

  private activate(index: number): void {
    this.activeIndex = index;
    this.dispatchEvent(new CustomEvent('activate', { detail: { item: this.items[index], index }, bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult {
    const first = Math.max(0, Math.floor(this.offset / this.rowHeight) - 10);
    const last = Math.min(this.items.length, Math.ceil((this.offset + this.viewport) / this.rowHeight) + 10);
    const rows: TemplateResult[] = [];
    for (let i = first; i < last; i++) {
      rows.push(html`<div class="row" role="option" aria-selected=${i === this.activeIndex ? 'true' : 'false'}
        style="top:${i * this.rowHeight}px;height:${this.rowHeight}px;line-height:${this.rowHeight}px"
        @click=${() => this.activate(i)}>${this.renderItem(this.items[i] as T, i)}</div>`);
    }
    return html`<div class="spacer" style="height:${this.items.length * this.rowHeight}px">${rows}</div>`;
  }
}
