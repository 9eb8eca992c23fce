import { randomBytes } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { CredentialsError, CredentialsService, PASSWORD_ENV, repositoryAccount } from '../credentials/credentials-service.js';
import { JobRequestService } from '../job-requests/job-request-service.js';
import { envDigests, secretEnvNames } from './secret-environment.js';
import { encodeError, WORKBENCH_SOCKET_PROTOCOL, type PrepareParams, type PrepareResult } from './workbench-socket-protocol.js';

/** The accepted half of a prepare: what the CLI's `$run` is checked against. */
export interface Handover {
  readonly envNames: readonly string[];
  readonly nonce: string;
}

/**
 * Decides whether this workbench runs a job exactly as the asking CLI would in its own process: same config and
 * plugins, and the same secrets — obtainable here without a prompt, and from the same environment values.
 */
@injectable()
export class HandoverCheck {
  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(CredentialsService) private readonly credentials: CredentialsService,
    @inject(JobRequestService) private readonly requests: JobRequestService,
  ) {}

  /** `accepted`, with what `$run` must prove; or why the CLI should run the job itself. */
  async prepare(params: PrepareParams): Promise<{ readonly handover?: Handover; readonly result: PrepareResult }> {
    const decline = (reason: string): { result: PrepareResult } => ({ result: { accepted: false, pid: process.pid, reason } });
    if (params.protocol !== WORKBENCH_SOCKET_PROTOCOL) return decline(`it speaks protocol ${WORKBENCH_SOCKET_PROTOCOL}, this CLI ${params.protocol}`);
    if (params.configFile !== this.options.configFile) return decline(`it uses the config file ${this.options.configFile}`);
    if (params.extraPluginDirs.join('\0') !== this.options.extraPluginDirs.join('\0')) return decline('it loads other plugin folders');
    let names: string[];
    try {
      names = await this.requests.repositoriesOf(params.request);
    } catch (error) {
      // An unknown plan: the same error the CLI's own kernel would report.
      return { result: { accepted: true, error: encodeError(error) } };
    }
    const repositories = (await this.config.get()).repositories;
    const entries = names.flatMap((name) => (Object.hasOwn(repositories, name) ? [[name, repositories[name]!] as const] : []));
    for (const [name, repository] of entries) {
      const source = repository.password;
      if (source !== undefined && !('keyring' in source)) continue;
      const problem = await this.credentials.resolve(repositoryAccount(name, 'password'), source).then(() => undefined, (error: unknown) => {
        if (!(error instanceof CredentialsError)) throw error;
        return error.message.replace(/\.$/, '');
      });
      // A password only a prompt can give: the CLI asks for it itself (the workbench has nobody to ask).
      if (problem && process.env[PASSWORD_ENV] === undefined) return decline(`it cannot read the password of repository "${name}" (${problem})`);
    }
    const handover = { envNames: secretEnvNames(entries.map(([, repository]) => repository)), nonce: randomBytes(16).toString('hex') };
    return { handover, result: { accepted: true, pid: process.pid, ...handover } };
  }

  /** The variables whose values differ between the CLI and this process (names only). */
  differingEnvironment(handover: Handover, digests: Readonly<Record<string, string | null>>): string[] {
    const ours = envDigests(handover.envNames, handover.nonce);
    return handover.envNames.filter((name) => (digests[name] ?? null) !== ours[name]);
  }
}
