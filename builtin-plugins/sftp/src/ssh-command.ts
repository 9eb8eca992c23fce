import type { SftpSettings } from './sftp-settings.js';

/** The ssh argv restic runs for this repository (without the program name). Never `StrictHostKeyChecking=no`. */
export function sshArgs(settings: SftpSettings): string[] {
  return [
    '-p', String(settings.port),
    '-i', settings.identityFile,
    // Only the configured key: agent and ~/.ssh keys would make authentication depend on who runs the backup.
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${settings.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=10',
    `${settings.user}@${settings.host}`,
    '-s', 'sftp',
  ];
}

/**
 * Joins argv into a string restic splits back into the same argv. restic 0.14 splits on whitespace, on quotes and on
 * backslashes (later versions parse quotes like a shell); a whole argument in single quotes reads the same in both,
 * and unlike `"` it survives restic's CSV parsing of `-o` values. Validation refuses arguments holding quotes.
 */
export function commandLine(program: string, args: readonly string[]): string {
  return [program, ...args].map((arg) => (/\s/.test(arg) ? `'${arg}'` : arg)).join(' ');
}
