import { inject, injectable } from 'inversify';
import { parse } from 'jsonc-parser';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { readState, writeState } from '../catalog/state-values.js';
import type { ConfigChangeParticipant } from '../config/config-change-participant.js';
import { configHash, readConfigText } from '../config/config-hash.js';
import { type ConfigChange, ConfigService } from '../config/config-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { AuditServiceImpl } from './audit-service-impl.js';
import { diffConfigPaths } from './config-diff.js';

/** The config as last audited (by any process): its hash, and its text to tell the next change's keys from. */
interface AuditedConfig {
  readonly hash: string;
  readonly text: string;
}

const stateKey = 'audit.config';

function parsed(text: string): unknown {
  return text.trim() ? parse(text, [], { allowTrailingComma: true }) : {};
}

/**
 * Every change of the config file becomes one `config.changed` entry with its actor, whichever path wrote it: the
 * writer records it while it still holds the config lock, so another process that notices the same change (its file
 * watcher, or a start after an edit made while nothing ran) finds it recorded and adds nothing.
 */
@injectable()
export class AuditConfigRecorder implements ConfigChangeParticipant, KernelContribution {
  readonly id = 'audit.config';

  constructor(
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  /** An edit made while no TimeLocker ran is noticed (and recorded as a file edit) at the next start. */
  async initialize(): Promise<void> {
    const text = await readConfigText(this.options.configFile);
    const audited = await this.catalog.read((db) => readState<AuditedConfig>(db, stateKey));
    if (audited ? audited.hash !== configHash(text) : text.trim() !== '') await this.config.reconcile();
  }

  async onDidChangeConfigFile(change: ConfigChange): Promise<void> {
    const audited = await this.catalog.read((db) => readState<AuditedConfig>(db, stateKey));
    if (audited?.hash === change.hash) return;
    const diff = diffConfigPaths(parsed(audited?.text ?? change.previousText ?? ''), parsed(change.text));
    if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
      await this.audit.record({
        type: 'config.changed', severity: 'info', actor: change.actor, target: this.options.configFile,
        details: { ...diff, via: change.via, hash: change.hash },
      });
    }
    await this.catalog.write((db) => writeState(db, stateKey, { hash: change.hash, text: change.text } satisfies AuditedConfig));
  }
}
