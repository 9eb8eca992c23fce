import { html, nothing } from 'lit';
import type { WorkbenchState } from '../state/workbench-state.js';
import { askDialog, confirmDialog } from '../widgets/confirm-dialog.js';
import { formatTime } from '../widgets/format.js';
import { startJob } from './job-actions.js';

/** `forget` in two steps: restic's dry run shows what goes, then the job runs only if the user confirms it. */
export async function forgetWithPreview(state: WorkbenchState, plan: string): Promise<void> {
  const preview = await state.attempt(`Forget preview of ${plan}`, () => state.api.forgetPreview(plan));
  if (!preview) return;
  const removed = preview.decisions.filter((d) => d.action === 'remove');
  const confirmed = await confirmDialog({
    title: removed.length ? `Forget ${removed.length} snapshot(s) of ${plan}?` : `Nothing to forget in ${plan}`,
    confirm: removed.length ? `Forget ${removed.length} snapshot(s)` : 'Run forget anyway', danger: removed.length > 0,
    body: html`<p>Retention from ${preview.source}; restic decided (dry run):</p>
      <table><thead><tr><th>Snapshot</th><th>Time</th><th>Decision</th><th>Why kept</th></tr></thead>
        <tbody>${preview.decisions.map((d) => html`<tr data-decision=${d.action}><td><code>${d.shortId}</code></td><td>${formatTime(d.time)}</td>
          <td class=${d.action === 'remove' ? 'error' : 'ok'}>${d.action}</td><td>${d.reasons.join(', ')}</td></tr>`)}</tbody></table>
      ${removed.length ? html`<p>Forgotten snapshots can no longer be restored; their data is freed by the next prune.</p>` : nothing}`,
  });
  if (confirmed) await startJob(state, { kind: 'forget', plan }, `Forget of ${plan}`);
}

/** `restic check`, optionally reading back part of the data (`--read-data-subset`). */
export async function checkRepository(state: WorkbenchState, repository: string): Promise<void> {
  const answer = await askDialog({
    title: `Check repository ${repository}`, confirm: 'Start the check',
    body: html`<p>restic checks the repository's structure. Reading back a share of the data also proves the packs are intact (slower, and it downloads that share).</p>
      <label for="check-subset">Read back this share of the data (optional)</label>
      <input id="check-subset" name="readDataSubset" placeholder="e.g. 5% or 1/10" pattern="[0-9]+(\\.[0-9]+)?%|[0-9]+/[0-9]+|[0-9]+[KMGT]?"
        title="a percentage (5%), a part (1/10) or a size (500M)" autocomplete="off">`,
  });
  if (!answer) return;
  const subset = answer['readDataSubset']?.trim();
  await startJob(state, { kind: 'check', repository, ...(subset ? { readDataSubset: subset } : {}) }, `Check of ${repository}`);
}

export async function pruneRepository(state: WorkbenchState, repository: string): Promise<void> {
  const sure = await confirmDialog({
    title: `Prune repository ${repository}?`, confirm: 'Prune now',
    body: html`<p>Prune deletes data that no snapshot uses any more (after forget). It locks the repository exclusively:
      backups to it wait until it finishes.</p>`,
  });
  if (sure) await startJob(state, { kind: 'prune', repository }, `Prune of ${repository}`);
}

export async function unlockRepository(state: WorkbenchState, repository: string): Promise<void> {
  await startJob(state, { kind: 'unlock', repository }, `Unlock of ${repository}`);
}
