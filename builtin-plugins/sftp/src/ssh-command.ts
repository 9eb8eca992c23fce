import type { SftpSettings } from './sftp-settings.js';

/** ssh's own quoting for an `-o` value: it splits option values on whitespace (known-hosts may list several files). */
function sshOptionValue(value: string): string {
  return /\s/.test(value) ? `"${value}"` : value;
}

/** The ssh argv restic runs for this repository (without the program name). Never `StrictHostKeyChecking=no`. */
export function sshArgs(settings: SftpSettings): string[] {
  return [
    '-p', String(settings.port),
    '-i', settings.identityFile,
    '-o', `UserKnownHostsFile=${sshOptionValue(settings.knownHostsFile)}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=10',
    `${settings.user}@${settings.host}`,
    '-s', 'sftp',
  ];
}

/**
 * Joins argv into a string restic splits back into the same argv. restic 0.14 splits on whitespace, on quotes and on
 * backslashes (later versions parse quotes like a shell); a whole argument in one kind of quotes reads the same in
 * both. Arguments holding both kinds of quotes or a backslash are refused by validation before they get here.
 */
export function commandLine(program: string, args: readonly string[]): string {
  const quote = (arg: string): string => {
    if (!/[\s"']/.test(arg)) return arg;
    return arg.includes('"') ? `'${arg}'` : `"${arg}"`;
  };
  return [program, ...args].map(quote).join(' ');
}
