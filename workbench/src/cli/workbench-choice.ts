/** Set (to anything but 0) to always run jobs in the CLI's own process, as `--no-workbench` does. */
export const NO_WORKBENCH_ENV = 'TIMELOCKER_NO_WORKBENCH';

/** Whether a job may go to a running workbench: not with `--no-workbench` (`flag` false) nor with NO_WORKBENCH_ENV set. */
export function workbenchWanted(flag: boolean | undefined): boolean {
  const env = process.env[NO_WORKBENCH_ENV];
  return flag !== false && (env === undefined || env === '' || env === '0');
}
