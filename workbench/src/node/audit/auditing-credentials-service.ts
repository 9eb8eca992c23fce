import { inject, injectable } from 'inversify';
import type { SecretSource } from '../config/config-model.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import type { CredentialsService, KeyringStatus } from '../credentials/credentials-service.js';
import { CredentialsServiceImpl } from '../credentials/credentials-service-impl.js';
import type { AuditEvent } from './audit-service.js';
import { AuditServiceImpl } from './audit-service-impl.js';

/** `plugin:<id>/<key>` accounts belong to a plugin: it is the one reading or writing them. */
function actorFor(account: string): string | undefined {
  const match = /^plugin:([^/]+)\//.exec(account);
  return match ? `plugin:${match[1]}` : undefined;
}

function sourceKind(source: SecretSource | undefined): string {
  return source ? Object.keys(source)[0] ?? 'keyring' : 'keyring';
}

/** Bound in place of CredentialsService: records who set, deleted or read which secret (never the value). */
@injectable()
export class AuditingCredentialsService implements CredentialsService {
  private readonly logger: Logger;

  constructor(
    @inject(CredentialsServiceImpl) private readonly inner: CredentialsService,
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('audit');
  }

  async resolve(account: string, source: SecretSource | undefined): Promise<string> {
    const value = await this.inner.resolve(account, source);
    this.note('secret.read', account, { source: sourceKind(source) });
    return value;
  }

  keyringStatus(): Promise<KeyringStatus> {
    return this.inner.keyringStatus();
  }

  async store(account: string, value: string): Promise<void> {
    await this.inner.store(account, value);
    this.note('secret.set', account, {});
  }

  async get(account: string): Promise<string | undefined> {
    const value = await this.inner.get(account);
    this.note('secret.read', account, { source: 'keyring', found: value !== undefined });
    return value;
  }

  async delete(account: string): Promise<boolean> {
    const deleted = await this.inner.delete(account);
    if (deleted) this.note('secret.deleted', account, {});
    return deleted;
  }

  list(prefix?: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  private note(type: string, account: string, details: { [key: string]: string | boolean }): void {
    const plugin = actorFor(account);
    const event: AuditEvent = {
      type, severity: 'info', target: account,
      details: plugin ? { ...details, onBehalfOf: this.options.actor } : details,
      ...(plugin ? { actor: plugin } : {}),
    };
    this.audit.record(event).catch((error: unknown) => this.logger.error(`audit entry ${type} was lost: ${(error as Error).message}`));
  }
}
