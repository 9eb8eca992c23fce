import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { anchorsIn } from '../audit/audit-anchor-tags.js';
import { AuditService, type AuditVerification } from '../audit/audit-service.js';
import { SnapshotService } from './snapshot-service.js';

/** `audit verify --against REPO`: the log compared with the heads the repository's snapshots recorded. */
@injectable()
export class AuditAnchors {
  constructor(
    @inject(AuditService) private readonly audit: AuditService,
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
  ) {}

  async verifyAgainst(repository: string, token: CancellationToken): Promise<AuditVerification> {
    const snapshots = anchorsIn(await this.snapshots.list({ repository }, token));
    return this.audit.verify({ against: { repository, snapshots } });
  }
}
