import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { ApiEventStream } from '../api-event-stream.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

@injectable()
export class EventRoutes implements ApiRouteContribution {
  constructor(@inject(ApiEventStream) private readonly events: ApiEventStream) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/events', {
      config: { access: 'viewer', tokenInQuery: true },
      schema: {
        tags: ['events'],
        summary: 'Server-sent events: job.queued, job.changed, job.progress, job.finished, plugin.state, plugin.message, config.changed, views.changed; token.revoked, then the end of the stream, when its token is revoked or expires',
        querystring: { type: 'object', properties: { access_token: { type: 'string', description: 'EventSource cannot send headers: the bearer token' } } },
      },
    }, (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.flushHeaders();
      const credentials = request.principal && request.bearerToken ? { tokenName: request.principal.name, token: request.bearerToken } : undefined;
      const subscription = this.events.attach({ write: (frame) => raw.write(frame), end: () => raw.end() }, credentials);
      request.raw.on('close', () => subscription.dispose());
    });
  }
}
