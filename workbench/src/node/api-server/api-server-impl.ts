import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { inject, injectable, named, optional } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { ApiTokenService } from '../api-tokens/api-token-service.js';
import { AuditService } from '../audit/audit-service.js';
import { ConfigService } from '../config/config-service.js';
import { NotFoundError } from '../core/errors.js';
import { LogService, type Logger } from '../core/log-service.js';
import { ApiAuth } from './api-auth.js';
import { toErrorResponse } from './api-errors.js';
import { ApiEventStream } from './api-event-stream.js';
import { ApiRouteContribution } from './api-route-contribution.js';
import type { ApiServer, ApiServerAddress, ApiServerOptions } from './api-server.js';
import { AuthThrottle } from './auth-throttle.js';
import { originGuard } from './origin-guard.js';
import { installRequestCancellation } from './request-cancellation.js';
import { installJsonBodyParser } from './json-body-parser.js';
import { listenError } from './listen-errors.js';
import { documentResponses } from './route-responses.js';
import type { ServeConfig } from './serve-schema.js';
import { actingAs } from '../core/actor-context.js';

@injectable()
export class ApiServerImpl implements ApiServer {
  private app: FastifyInstance | undefined;
  private readonly logger: Logger;

  constructor(
    @inject(ContributionProvider) @named(ApiRouteContribution) private readonly routes: ContributionProvider<ApiRouteContribution>,
    @inject(ApiTokenService) private readonly tokens: ApiTokenService,
    @inject(ApiEventStream) private readonly events: ApiEventStream,
    @inject(LogService) logService: LogService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {
    this.logger = logService.getLogger('api');
  }

  async start(options: ApiServerOptions = {}): Promise<ApiServerAddress> {
    if (this.app) throw new Error('The API server is already running.');
    const host = options.host ?? '127.0.0.1';
    const app = await this.build(options);
    await this.events.start();
    await app.listen({ host, port: options.port ?? 0 }).catch(async (error: unknown) => {
      this.events.dispose();
      await app.close();
      throw listenError(error, host, options.port ?? 0);
    });
    this.app = app;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    this.logger.info(`API listening on ${host}:${port}`);
    return { host, port, url: `http://${urlHost}:${port}/` };
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    this.events.dispose();
    await app?.close();
  }

  /** `serve.allowedHosts`; while the config cannot be read, only the server's own names are answered. */
  private async allowedHosts(): Promise<readonly string[]> {
    const config = await this.config.get().catch(() => undefined);
    return (config?.['serve'] as ServeConfig | undefined)?.allowedHosts ?? [];
  }

  private async build(options: ApiServerOptions): Promise<FastifyInstance> {
    const app = Fastify({
      logger: false,
      forceCloseConnections: true,
      // Path parameters are bounded by each route's schema (with the field named), not by the router.
      routerOptions: { maxParamLength: 1_000 },
      // Malformed URLs are answered by the one error model too.
      frameworkErrors: (error, _request, reply) => {
        const { status, body } = toErrorResponse(error, this.logger);
        // Fastify types this reply with generics no route declared.
        void (reply as unknown as FastifyReply).code(status).send(body);
      },
      // Unknown fields are refused (and named), not silently dropped.
      ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    });
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'TimeLocker workbench API', version: '1.0.0', description: 'Repositories, plans, snapshots, jobs, config and plugins of a TimeLocker workbench.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
    });
    installJsonBodyParser(app);
    const auth = new ApiAuth(this.tokens, new AuthThrottle(options.authFailureLimit ?? 20, options.authFailureWindowMs ?? 60_000), this.audit, this.logger);
    app.addHook('onRoute', (route) => {
      // Top-level routes that state their access (probes, /metrics) are guarded, so documented, like /api ones.
      if (route.url.startsWith('/api/') || route.config?.access !== undefined) documentResponses(route);
    });
    installRequestCancellation(app);
    app.addHook('onRequest', originGuard(() => this.allowedHosts()));
    app.addHook('onRequest', (request, reply) => auth.check(request, reply));
    // What a request changes (config, audit entries) names its token as the actor, not the server.
    app.addHook('preHandler', (request, _reply, done) => (request.principal ? actingAs(`api:${request.principal.name}`, done) : done()));
    app.setErrorHandler((error, _request, reply) => {
      const { status, body } = toErrorResponse(error, this.logger);
      return reply.code(status).send(body);
    });
    app.setNotFoundHandler((request) => {
      throw new NotFoundError(`No route ${request.method} ${request.url.split('?')[0]}.`);
    });
    app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    for (const contribution of this.routes.getContributions()) contribution.registerRoutes(app);
    if (options.staticDir && existsSync(join(options.staticDir, 'index.html'))) {
      await app.register(fastifyStatic, { root: options.staticDir, prefix: '/', index: 'index.html' });
    }
    await app.ready();
    return app;
  }
}
