import { html, nothing, type TemplateResult } from 'lit';
import type { KeyringStatus, SecretInputDto } from '../api/api-types.js';

/** Where TimeLocker finds a repository password at every run. */
export type PasswordMode = 'keyring' | 'file' | 'env' | 'command';

const choices: ReadonlyArray<{ mode: PasswordMode; label: string; warning: string }> = [
  {
    mode: 'keyring', label: 'System keyring (recommended)',
    warning: 'Encrypted by your desktop keyring and unlocked when you log in; never written to the config file.',
  },
  {
    mode: 'file', label: 'A file only you can read',
    warning: 'TimeLocker creates the file with permissions 0600. It is not encrypted: root, and anyone who gets a copy of the file (for example from a backup of that folder), can open your backups.',
  },
  {
    mode: 'env', label: 'An environment variable',
    warning: 'Nothing is stored. The workbench, the scheduler and every CLI command must be started with this variable set, or the repository cannot be opened.',
  },
  {
    mode: 'command', label: 'A command that prints it',
    warning: 'Runs as your user at every operation, like restic\'s --password-command (e.g. pass show backup). Whoever can change the command can read the password.',
  },
];

/** The keyring when it works, otherwise a file: a machine without a Secret Service must not be a dead end. */
export function defaultPasswordMode(keyring: KeyringStatus | undefined): PasswordMode {
  return keyring && !keyring.available ? 'file' : 'keyring';
}

export interface PasswordSourceOptions {
  readonly mode: PasswordMode;
  readonly keyring: KeyringStatus | undefined;
  /** The repository's name, for the suggested file path. */
  readonly repository: string;
  /** `id` prefix, so that two forms on one page keep unique ids. */
  readonly idPrefix: string;
  readonly onModeChange: (mode: PasswordMode) => void;
}

/** Radio group plus the fields of the chosen source; new passwords are asked twice. */
export function renderPasswordSource(options: PasswordSourceOptions): TemplateResult {
  const { mode, keyring, idPrefix: p } = options;
  const chosen = choices.find((c) => c.mode === mode)!;
  const suggestedFile = keyring ? `${keyring.passwordFileDir}/${options.repository || 'repository'}.password` : '';
  return html`<fieldset class="password-source">
    <legend>Where TimeLocker keeps the password</legend>
    ${keyring && !keyring.available ? html`<p class="warning" role="note">The system keyring is not available here: ${keyring.reason ?? 'no Secret Service'}</p>` : nothing}
    ${choices.map((c) => html`<label class="choice"><input type="radio" name="passwordMode" value=${c.mode}
      .checked=${c.mode === mode} ?disabled=${c.mode === 'keyring' && keyring?.available === false}
      @change=${() => options.onModeChange(c.mode)}> ${c.label}</label>`)}
    <p class="muted" id="${p}password-warning">${chosen.warning}</p>
    ${mode === 'file' ? html`<label for="${p}password-file">Password file (absolute path, must not exist yet)</label>
      <input id="${p}password-file" name="passwordFile" required pattern="/.+" .value=${suggestedFile} autocomplete="off" aria-describedby="${p}password-warning">` : nothing}
    ${mode === 'env' ? html`<label for="${p}password-env">Environment variable</label>
      <input id="${p}password-env" name="passwordEnv" required pattern="[A-Za-z_][A-Za-z0-9_]*" value="TIMELOCKER_PASSWORD" autocomplete="off" aria-describedby="${p}password-warning">` : nothing}
    ${mode === 'command' ? html`<label for="${p}password-command">Command</label>
      <input id="${p}password-command" name="passwordCommand" required placeholder="pass show backup" autocomplete="off" aria-describedby="${p}password-warning">` : nothing}
    ${mode === 'keyring' || mode === 'file' ? html`<label for="${p}password">Password</label>
      <input id="${p}password" name="password" type="password" required minlength="8" autocomplete="new-password">
      <label for="${p}password-confirm">Confirm password</label>
      <input id="${p}password-confirm" name="passwordConfirm" type="password" required minlength="8" autocomplete="new-password">` : nothing}
  </fieldset>`;
}

/** The API's secret input for the form's choice, or a message saying what to fix. */
export function readPasswordSource(form: HTMLFormElement, mode: PasswordMode): SecretInputDto | { readonly problem: string } {
  const value = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  if (mode === 'env') return { source: { env: value('passwordEnv') } };
  if (mode === 'command') return { source: { command: value('passwordCommand') } };
  const password = (form.elements.namedItem('password') as HTMLInputElement).value;
  if (password !== (form.elements.namedItem('passwordConfirm') as HTMLInputElement).value) return { problem: 'The passwords do not match.' };
  return mode === 'file' ? { value: password, file: value('passwordFile') } : { value: password };
}
