import { css } from 'lit';

/** Controls shared by every component (custom properties come from theme.css and pierce shadow roots). */
export const sharedStyles = css`
  :host { color: var(--tl-fg); font: 13px/1.45 var(--tl-font); }
  *:focus-visible { outline: 2px solid var(--tl-focus); outline-offset: 1px; }
  button {
    font: inherit; color: var(--tl-accent-fg); background: var(--tl-accent); border: 1px solid var(--tl-accent);
    border-radius: 3px; padding: 3px 10px; cursor: pointer;
  }
  button.secondary { color: var(--tl-fg); background: var(--tl-bg-alt); border-color: var(--tl-border); }
  button.link { color: var(--tl-accent); background: none; border: none; padding: 0 2px; text-decoration: underline; }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  input, select, textarea {
    font: inherit; color: var(--tl-fg); background: var(--tl-bg); border: 1px solid var(--tl-border); border-radius: 3px; padding: 3px 6px;
  }
  label { display: block; margin: 6px 0 2px; }
  .muted { color: var(--tl-muted); }
  .error { color: var(--tl-error); }
  .warning { color: var(--tl-warning); }
  .ok { color: var(--tl-ok); }
  .toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 8px; flex-wrap: wrap; }
  .toolbar h2 { font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; margin: 0; flex: 1; }
  ul.list { list-style: none; margin: 0; padding: 0; }
  ul.list > li { padding: 4px 10px; cursor: pointer; border-left: 2px solid transparent; }
  ul.list > li:hover { background: var(--tl-bg-alt); }
  ul.list > li[aria-selected='true'] { background: var(--tl-selection); border-left-color: var(--tl-accent); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--tl-bg-bar); }
  th { font-weight: 600; }
  .badge { display: inline-block; padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; font-size: 11px; }
  progress { width: 100%; height: 8px; accent-color: var(--tl-accent); }
  .page { padding: 12px 16px; overflow: auto; height: 100%; box-sizing: border-box; }
  h1 { font-size: 18px; margin: 0 0 10px; }
  h3, h2.section { font-size: 14px; margin: 14px 0 6px; }
  fieldset { border: 1px solid var(--tl-border); border-radius: 4px; }
  kbd { font: 11px var(--tl-mono); border: 1px solid var(--tl-border); border-radius: 3px; padding: 0 4px; color: var(--tl-muted); }
  mark { background: var(--tl-selection); color: inherit; }
  code { font-family: var(--tl-mono); }
`;

/** A quick pick (command palette, file search): a dimmed backdrop and a floating panel topped by its filter; each sets the panel's `top` and `width`. */
export const quickPickStyles = css`
  .backdrop { position: fixed; inset: 0; background: rgb(0 0 0 / 0.25); z-index: 20; }
  .quick-pick { position: fixed; left: 50%; transform: translateX(-50%); z-index: 21;
    background: var(--tl-bg); border: 1px solid var(--tl-border); border-radius: 6px; box-shadow: 0 8px 24px rgb(0 0 0 / 0.35); }
  .quick-pick input { width: 100%; box-sizing: border-box; border: none; border-bottom: 1px solid var(--tl-border); padding: 8px 10px; border-radius: 6px 6px 0 0; }
`;
