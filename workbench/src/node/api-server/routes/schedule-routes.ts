import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import { SchedulerService } from '../../scheduler/scheduler-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

/** Next and last scheduled runs per plan, as `timelocker schedule list` shows them. */
@injectable()
export class ScheduleRoutes implements ApiRouteContribution {
  constructor(@inject(SchedulerService) @optional() private readonly scheduler: SchedulerService | undefined) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/schedules', {
      config: { access: 'viewer', errors: ['config'] },
      schema: { tags: ['schedules'], summary: 'Scheduled plans: expression, next run, last run and its status, backup window, problems' },
    }, async () => (this.scheduler ? this.scheduler.list() : []));
  }
}
