import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import { PlanSchedule, scheduleProblem } from '../../scheduler/plan-schedule.js';
import { SchedulerService } from '../../scheduler/scheduler-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

/** The next `count` slots of a schedule expression, as the scheduler would compute them (local time of the server). */
export function nextRuns(expression: string, count: number, from = new Date()): string[] {
  const schedule = new PlanSchedule(expression);
  const runs: string[] = [];
  for (let at: Date | undefined = schedule.nextAfter(from); at && runs.length < count; at = schedule.nextAfter(at)) runs.push(at.toISOString());
  return runs;
}

/** Next and last scheduled runs per plan, as `timelocker schedule list` shows them. */
@injectable()
export class ScheduleRoutes implements ApiRouteContribution {
  constructor(@inject(SchedulerService) @optional() private readonly scheduler: SchedulerService | undefined) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/schedules', {
      config: { access: 'viewer', errors: ['config'] },
      schema: { tags: ['schedules'], summary: 'Scheduled plans: expression, next run, last run and its status, backup window, problems' },
    }, async () => (this.scheduler ? this.scheduler.list() : []));

    app.get<{ Querystring: { schedule: string; count: number } }>('/api/v1/schedules/preview', {
      config: { access: 'viewer' },
      schema: {
        tags: ['schedules'], summary: 'Checks a schedule expression and lists its next runs: `{ schedule, runs }`, or `{ schedule, problem }` when it is not one',
        querystring: {
          type: 'object', required: ['schedule'], additionalProperties: false,
          properties: { schedule: { type: 'string', minLength: 1, maxLength: 200 }, count: { type: 'integer', minimum: 1, maximum: 50, default: 5 } },
        },
      },
    }, async (request) => {
      const { schedule, count } = request.query;
      const problem = scheduleProblem(schedule);
      return problem ? { schedule, problem, runs: [] } : { schedule, runs: nextRuns(schedule, count) };
    });
  }
}
