/** Process exit codes of the CLI (a module of its own: the CLI's light entry needs them without the error model). */
export const ExitCode = { ok: 0, failed: 1, usage: 2, unreadableFiles: 3, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
