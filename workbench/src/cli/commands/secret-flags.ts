import type { Command } from 'commander';
import { UsageError } from '../../node/core/errors.js';
import type { SecretInput } from '../../node/operations/repository-service.js';
import { askLine, askSecret } from '../prompt.js';

/** A secret a command can take: the repository password or a backend's secret field. */
export interface SecretFlagSpec {
  /** Field id, e.g. `password`, `accessKeyId`. */
  readonly id: string;
  readonly label: string;
  readonly optional: boolean;
  /** Ask twice on a terminal (new passwords). */
  readonly confirm: boolean;
  /** Where to look when no flag gives it and no terminal can ask (e.g. TIMELOCKER_PASSWORD). */
  readonly fallback?: () => string | undefined;
}

/** Where secrets go when no flag says: the keyring, or — where it is unavailable — a source the user picks. */
export interface SecretDestination {
  /** Asked only when a secret comes from no flag. */
  readonly keyring: () => Promise<{ readonly available: boolean; readonly reason?: string }>;
  /** A new 0600 file suggested for `field` when there is no keyring. */
  readonly suggestedFile: (field: string) => string;
}

const kebab = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** `--<field>-stdin|-env|-file|-command` for one secret field. */
export function addSecretFlags(command: Command, spec: SecretFlagSpec): Command {
  const flag = kebab(spec.id);
  return command
    .option(`--${flag}-stdin`, `read the ${spec.label} from a line of standard input and store it in the keyring`)
    .option(`--${flag}-env <VAR>`, `read the ${spec.label} from this environment variable at every run (nothing stored)`)
    .option(`--${flag}-file <FILE>`, `read the ${spec.label} from this file at every run (nothing stored)`)
    .option(`--${flag}-command <CMD>`, `run this command to get the ${spec.label} at every run (nothing stored)`);
}

/**
 * Resolves every secret from its flags, in `specs` order. All `…-stdin` values come from stdin lines in that same
 * order (password first), so a script can pipe several secrets at once. A secret given by no flag is asked for on a
 * terminal and kept in the keyring; without a keyring the user picks a file, a variable or a command instead.
 */
export async function secretInputs(
  flags: Readonly<Record<string, unknown>>,
  specs: readonly SecretFlagSpec[],
  subject: string,
  stdinLines: () => Promise<string[]>,
  destination: SecretDestination,
): Promise<Map<string, SecretInput>> {
  const inputs = new Map<string, SecretInput>();
  let lines: string[] | undefined;
  for (const spec of specs) {
    const key = camel(kebab(spec.id));
    const given = (['Stdin', 'Env', 'File', 'Command'] as const).filter((kind) => flags[`${key}${kind}`] !== undefined);
    if (given.length > 1) throw new UsageError(`Give only one way to get the ${spec.label} (--${kebab(spec.id)}-stdin, -env, -file or -command).`);
    const kind = given[0];
    if (kind === 'Env') inputs.set(spec.id, { source: { env: String(flags[`${key}Env`]) } });
    else if (kind === 'File') inputs.set(spec.id, { source: { file: String(flags[`${key}File`]) } });
    else if (kind === 'Command') inputs.set(spec.id, { source: { command: String(flags[`${key}Command`]) } });
    else if (kind === 'Stdin') {
      lines ??= await stdinLines();
      const line = lines.shift();
      if (!line) throw new UsageError(`Standard input has no line for the ${spec.label}; nothing was changed.`);
      inputs.set(spec.id, { value: line });
    } else {
      const keyring = await destination.keyring();
      const input = keyring.available ? await askForKeyring(spec, subject) : await askWithoutKeyring(spec, subject, keyring.reason, destination);
      if (input) inputs.set(spec.id, input);
    }
  }
  return inputs;
}

const flagsOf = (spec: SecretFlagSpec): string =>
  `--${kebab(spec.id)}-stdin, --${kebab(spec.id)}-env VAR, --${kebab(spec.id)}-file FILE or --${kebab(spec.id)}-command CMD`;

async function askValue(spec: SecretFlagSpec, subject: string): Promise<string | undefined> {
  const typed = (await askSecret(`${spec.label} for ${subject}: `)) ?? spec.fallback?.();
  if (typed === undefined || typed === '') return undefined;
  if (spec.confirm && process.stdin.isTTY && (await askSecret(`Repeat the ${spec.label}: `)) !== typed) throw new UsageError(`The ${spec.label}s do not match; nothing was changed.`);
  return typed;
}

async function askForKeyring(spec: SecretFlagSpec, subject: string): Promise<SecretInput | undefined> {
  const value = await askValue(spec, subject);
  if (value !== undefined) return { value };
  if (spec.optional) return undefined;
  throw new UsageError(`No ${spec.label} given for ${subject}: use ${flagsOf(spec)}.`);
}

/** No keyring: never a dead end on a terminal, and a precise message in a script. */
async function askWithoutKeyring(spec: SecretFlagSpec, subject: string, reason: string | undefined, destination: SecretDestination): Promise<SecretInput | undefined> {
  const why = `The system keyring is not available here: ${reason ?? 'no Secret Service.'}`;
  if (!process.stdin.isTTY) {
    if (spec.optional) return undefined;
    throw new UsageError(`${why} Say where TimeLocker finds the ${spec.label} of ${subject} at every run: ${flagsOf(spec).replace(`--${kebab(spec.id)}-stdin, `, '')} (a file must be readable by you only: chmod 600).`);
  }
  process.stderr.write(`${why}\nWhere should TimeLocker find the ${spec.label} of ${subject}?\n` +
    '  1) a file only you can read (created now with permissions 0600; not encrypted: root or anyone with a copy of the file can read it)\n' +
    '  2) an environment variable (nothing stored; every TimeLocker process must be started with it set)\n' +
    '  3) a command that prints it, run at every operation (e.g. pass show backup)\n' +
    (spec.optional ? '  (empty: leave it unset)\n' : ''));
  const choice = (await askLine(`Choice [${spec.optional ? 'none' : '1'}]: `)).trim() || (spec.optional ? '' : '1');
  if (choice === '') return undefined;
  if (choice === '1') {
    const file = (await askLine(`File [${destination.suggestedFile(spec.id)}]: `)).trim() || destination.suggestedFile(spec.id);
    const value = await askValue(spec, subject);
    if (value === undefined) throw new UsageError(`No ${spec.label} given for ${subject}; nothing was changed.`);
    return { value, file };
  }
  if (choice === '2') return { source: { env: (await askLine('Variable name: ')).trim() || missing(spec) } };
  if (choice === '3') return { source: { command: (await askLine('Command: ')).trim() || missing(spec) } };
  throw new UsageError(`"${choice}" is not one of 1, 2, 3; nothing was changed.`);
}

function missing(spec: SecretFlagSpec): never {
  throw new UsageError(`No answer for the ${spec.label}; nothing was changed.`);
}
