import { formatBytes } from '@timelocker/plugin-api';
import { html, nothing } from 'lit';
import type { JobDto, RestoreImpact, SnapshotDto } from '../api/api-types.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { confirmDialog } from '../widgets/confirm-dialog.js';
import { formatCount } from '../widgets/format.js';
import { startJob } from './job-actions.js';

export interface RestoreChoice {
  /** `/` restores every file to where it was backed up from. */
  readonly target: string;
  readonly include: readonly string[];
  readonly verify: boolean;
}

export interface StartedRestore {
  readonly job: JobDto;
  readonly impact: RestoreImpact;
}

/**
 * Asks the server what the restore would do first; when it would replace existing files (always the question for
 * the original location), the user confirms with the list of those files in front of them.
 */
export async function restoreWithConfirmation(state: WorkbenchState, snapshot: SnapshotDto, choice: RestoreChoice): Promise<StartedRestore | undefined> {
  const impact = await state.attempt('Restore preview', () => state.api.restoreImpact(snapshot.repository, snapshot.id, choice.target, choice.include));
  if (!impact) return undefined;
  const original = choice.target === '/';
  // Below admin a restore never overwrites (the API answers 403): no such offer, but what is in the way and why.
  if ((original || impact.overwriteCount > 0) && !state.can('admin')) {
    state.notify('error', original ? 'Restoring to the original location needs the admin role; restore into a new or empty folder.'
      : `${formatCount(impact.overwriteCount)} file(s) already exist in ${choice.target}, and only an admin may overwrite them: restore into a new or empty folder.`, 'restore-target');
    return undefined;
  }
  if (original || impact.overwriteCount > 0) {
    const confirmed = await confirmDialog({
      title: impact.overwriteCount ? `Overwrite ${formatCount(impact.overwriteCount)} existing file(s)?` : 'Restore to the original location?',
      confirm: impact.overwriteCount ? `Restore and overwrite ${formatCount(impact.overwriteCount)} file(s)` : 'Restore', danger: impact.overwriteCount > 0,
      body: html`<p>${formatCount(impact.files)} file(s), ${formatBytes(impact.bytes)}, from snapshot <code>${snapshot.shortId}</code> go to:</p>
        <ul>${impact.destinations.map((d) => html`<li><code>${d.restoredTo}</code></li>`)}</ul>
        ${impact.overwriteCount ? html`<p><strong>These files exist now and will be replaced by the snapshot's version:</strong></p>
          <ul class="overwrites">${impact.overwrites.map((path) => html`<li><code>${path}</code></li>`)}</ul>
          ${impact.overwriteCount > impact.overwrites.length ? html`<p>… and ${formatCount(impact.overwriteCount - impact.overwrites.length)} more.</p>` : nothing}`
          : html`<p>No existing file is replaced.</p>`}`,
    });
    if (!confirmed) return undefined;
  }
  const job = await startJob(state, {
    kind: 'restore', repository: snapshot.repository, snapshot: snapshot.id, target: choice.target, include: [...choice.include], verify: choice.verify,
    ...(original || impact.overwriteCount > 0 ? { overwrite: true } : {}),
  }, 'Restore', false);
  return job ? { job, impact } : undefined;
}
