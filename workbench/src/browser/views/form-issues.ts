import { ApiError } from '../api/api-client.js';

export interface FormIssues {
  /** By JSON pointer relative to the form's value. */
  readonly fields: ReadonlyMap<string, string>;
  /** Every message, for the banner (a field may be out of view). */
  readonly messages: readonly string[];
}

export const NO_ISSUES: FormIssues = { fields: new Map(), messages: [] };

/**
 * A refused save, as the form shows it: config issues under `prefix` (e.g. `/plans/docs`) go to their fields; request
 * validation names the body field (`body.paths/0`); everything else is a message.
 */
export function formIssues(error: unknown, prefix: string): FormIssues {
  if (!(error instanceof ApiError)) return { fields: new Map(), messages: [error instanceof Error ? error.message : String(error)] };
  const fields = new Map<string, string>();
  const messages: string[] = [];
  for (const issue of error.issues as ReadonlyArray<{ jsonPath?: string; field?: string; message: string }>) {
    const path = issue.jsonPath?.startsWith(prefix) ? issue.jsonPath.slice(prefix.length)
      : issue.field?.startsWith('body') ? issue.field.slice(4).replace(/^\./, '/').replace(/\./g, '/') : undefined;
    if (path !== undefined && !fields.has(path)) fields.set(path, issue.message);
    messages.push(`${path || issue.jsonPath || issue.field || ''} ${issue.message}`.trim());
  }
  if (messages.length === 0) messages.push(error.message);
  return { fields, messages };
}
