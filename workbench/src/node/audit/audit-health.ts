import { EventEmitter } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { CatalogService } from '../catalog/catalog-service.js';
import { deleteState, readState, writeState } from '../catalog/state-values.js';
import { LogService, type Logger } from '../core/log-service.js';

/** What is wrong with the audit log, since when, and how many entries could not be recorded. */
export interface AuditProblem {
  readonly problem: string;
  readonly since: string;
  readonly lost: number;
}

const stateKey = 'audit.problem';

/**
 * A broken audit log is loud, never silent: the problem is logged as a warning (the CLI prints it), kept in the
 * catalog so `status` and the UI show it in every process until a verification finds the log intact again, and
 * announced to subscribers (notifiers hear `audit.failed`). Backups keep running meanwhile.
 */
@injectable()
export class AuditHealth {
  private readonly emitter = new EventEmitter<AuditProblem>();
  readonly onDidReportProblem = this.emitter.event;
  private here: AuditProblem | undefined;
  private readonly logger: Logger;

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('audit');
  }

  /** A problem this process met (known without reading the catalog). */
  get problemHere(): AuditProblem | undefined {
    return this.here;
  }

  /** The problem as recorded by any process, until the log verifies intact again. */
  current(): Promise<AuditProblem | undefined> {
    return this.catalog.read((db) => readState<AuditProblem>(db, stateKey));
  }

  async report(problem: string, lost: number): Promise<void> {
    const since = this.here?.since ?? new Date().toISOString();
    this.here = { problem, since, lost: (this.here?.lost ?? 0) + lost };
    this.logger.warn(`audit log: ${problem}${lost > 0 ? ` (${lost} entr${lost === 1 ? 'y' : 'ies'} not recorded)` : ''}. Backups keep running; run \`timelocker audit verify\` for a diagnosis.`);
    this.emitter.fire(this.here);
    await this.catalog.write((db) => {
      const stored = readState<AuditProblem>(db, stateKey);
      writeState(db, stateKey, { problem, since: stored?.since ?? since, lost: (stored?.lost ?? 0) + lost });
    }).catch((error: unknown) => this.logger.error(`could not record the audit problem in the catalog: ${(error as Error).message}`));
  }

  async clear(): Promise<void> {
    this.here = undefined;
    if (await this.current()) await this.catalog.write((db) => deleteState(db, stateKey));
  }
}
