/** Bumped when the notice changes in substance: an earlier acceptance then no longer counts. */
export const PRIVACY_NOTICE_VERSION = '1';

export const PRIVACY_NOTICE_SUBJECT = 'privacy-notice';

export function privacyNoticeText(locations: { readonly configFile: string; readonly dataDir: string }): string {
  return [
    `TimeLocker privacy notice (version ${PRIVACY_NOTICE_VERSION})`,
    '',
    'TimeLocker keeps everything it knows on this machine:',
    `  - your repositories, plans and policies in the config file ${locations.configFile}`,
    `  - job history with each job's output, and the audit log (who did what, when), in ${locations.dataDir}/history`,
    `  - running jobs, a snapshot cache and this notice's acceptance in ${locations.dataDir}/catalog.sqlite`,
    `  - logs in ${locations.dataDir}/logs; secrets only in the OS keyring (or where your config points)`,
    'Nothing leaves this machine except backup data and metadata sent to the repositories you configure,',
    'and the messages sent to the notifiers you configure. No telemetry.',
    'See `timelocker privacy export` and `timelocker privacy erase`, and docs/DATA-PROTECTION.md.',
  ].join('\n');
}

/**
 * Whether a command runs without showing, asking or recording anything about the notice: it was accepted, or decided
 * or shown before while now there is no flag to record and nobody at a terminal to ask (asked last: looking sets up
 * the standard streams, which a listing on a pipe or file does not need).
 */
export function privacyNoticeSettled(latest: { readonly decision: string } | undefined, acceptFlag: boolean, interactive: () => boolean): boolean {
  return latest?.decision === 'accepted' || (latest !== undefined && !acceptFlag && !interactive());
}

/** Whether someone at a terminal can be asked to accept the notice. */
export function canAskAtTerminal(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}
