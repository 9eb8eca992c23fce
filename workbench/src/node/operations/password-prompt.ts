export const PasswordPrompt = Symbol('PasswordPrompt');

/** Asks the person at the terminal for a secret; the CLI binds one on a TTY, other launchers none. */
export interface PasswordPrompt {
  ask(question: string): Promise<string | undefined>;
}
