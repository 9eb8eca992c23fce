import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ViewContribution, ViewNodeDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { treeIcon } from '../widgets/tree-icons.js';

interface Node {
  readonly dto: ViewNodeDto;
  children?: Node[];
  expanded: boolean;
}

/** Any plugin's `views` contribution, rendered from its data provider and reloaded on `views.changed`. */
@customElement('tl-contributed-view')
export class ContributedView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    .row { display: flex; gap: 4px; align-items: baseline; padding: 2px 8px; cursor: pointer; }
    .row:hover { background: var(--tl-bg-alt); }
    .twisty { width: 14px; display: inline-block; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property({ attribute: false }) view!: ViewContribution;
  @state() private roots: Node[] = [];
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['views'], () => {
      if (!this.state.lastViewChange || this.state.lastViewChange === this.view.id) void this.reload();
    });
    void this.reload();
  }

  private async loadChildren(element?: string): Promise<Node[]> {
    const nodes = await this.state.api.viewChildren(this.view.id, element);
    return nodes.map((dto) => ({ dto, expanded: false }));
  }

  /** Reloads the roots and every expanded branch, keeping what the user had open. */
  private async reload(): Promise<void> {
    const expanded = new Set<string>();
    const collect = (nodes: Node[]): void => nodes.forEach((n) => { if (n.expanded) { expanded.add(n.dto.id); collect(n.children ?? []); } });
    collect(this.roots);
    try {
      const load = async (element?: string): Promise<Node[]> => {
        const nodes = await this.loadChildren(element);
        for (const node of nodes) if (expanded.has(node.dto.id)) Object.assign(node, { expanded: true, children: await load(node.dto.id) });
        return nodes;
      };
      this.roots = await load();
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async activate(node: Node): Promise<void> {
    const command = node.dto.item.command;
    if (command) {
      await this.state.attempt(command.title, () => this.state.api.executeCommand(command.command, command.arguments ?? []));
      return;
    }
    if (!node.dto.item.collapsible) return;
    node.expanded = !node.expanded;
    if (node.expanded && !node.children) node.children = (await this.state.attempt('Loading', () => this.loadChildren(node.dto.id))) ?? [];
    this.requestUpdate();
  }

  private rows(nodes: Node[], depth: number): TemplateResult[] {
    return nodes.flatMap((node) => [
      html`<div class="row" role="treeitem" tabindex="0" aria-level=${depth + 1} aria-expanded=${node.dto.item.collapsible ? String(node.expanded) : nothing}
          title=${node.dto.item.tooltip ?? nothing} data-label=${node.dto.item.label} style="padding-left:${8 + depth * 14}px"
          @click=${() => this.activate(node)} @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && this.activate(node)}>
        <span class="twisty">${node.dto.item.collapsible ? (node.expanded ? '▾' : '▸') : ''}</span>
        ${node.dto.item.icon ? html`<span aria-hidden="true">${treeIcon(node.dto.item.icon)}</span>` : nothing}
        <span>${node.dto.item.label}</span>${node.dto.item.description ? html`<span class="muted">${node.dto.item.description}</span>` : nothing}
      </div>`,
      ...(node.expanded && node.children ? this.rows(node.children, depth + 1) : []),
    ]);
  }

  protected override render(): TemplateResult {
    return html`<div class="toolbar"><h2>${this.view.name}</h2><button class="secondary" aria-label="Refresh ${this.view.name}" @click=${() => this.reload()}>⟳</button></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div role="tree" aria-label=${this.view.name} data-view=${this.view.id}>${this.rows(this.roots, 0)}</div>`;
  }
}
