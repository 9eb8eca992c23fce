import type { Command } from 'commander';
import type { SecretSource } from '../../node/config/config-model.js';
import { UsageError } from '../../node/core/errors.js';
import { askSecret } from '../prompt.js';

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

export type SecretInput = { readonly value: string } | { readonly source: SecretSource };

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
 * order (password first), so a script can pipe several secrets at once.
 */
export async function secretInputs(
  flags: Readonly<Record<string, unknown>>,
  specs: readonly SecretFlagSpec[],
  subject: string,
  stdinLines: () => Promise<string[]>,
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
      const typed = (await askSecret(`${spec.label} for ${subject}: `)) ?? spec.fallback?.();
      if (typed === undefined || typed === '') {
        if (spec.optional) continue;
        throw new UsageError(`No ${spec.label} given for ${subject}: use --${kebab(spec.id)}-stdin, --${kebab(spec.id)}-env VAR, --${kebab(spec.id)}-file FILE or --${kebab(spec.id)}-command CMD.`);
      }
      if (spec.confirm && process.stdin.isTTY && (await askSecret(`Repeat the ${spec.label}: `)) !== typed) throw new UsageError(`The ${spec.label}s do not match; nothing was changed.`);
      inputs.set(spec.id, { value: typed });
    }
  }
  return inputs;
}
