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
