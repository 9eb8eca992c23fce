import type { JsonValue } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { CommandRegistry } from '../../plugins/command-registry.js';
import { ContributionAvailability } from '../../plugins/contribution-availability.js';
import { ContributionRegistry, type ListPoint } from '../../plugins/contribution-registry.js';
import { PluginService } from '../../plugins/plugin-service.js';
import { ViewRegistry } from '../../plugins/view-registry.js';
import { NotFoundError } from '../../core/errors.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { idParam, pluginCallErrors } from './schemas.js';

const listPoints: readonly ListPoint[] = ['backends', 'reportFormats', 'policyRules', 'notifiers', 'auditSinks', 'commands', 'views'];

@injectable()
export class PluginRoutes implements ApiRouteContribution {
  constructor(
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(ViewRegistry) private readonly views: ViewRegistry,
    @inject(CommandRegistry) private readonly commands: CommandRegistry,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/plugins', { config: { access: 'viewer' }, schema: { tags: ['plugins'], summary: 'Plugins with state, messages, errors and activation times' } },
      async () => this.plugins.listPlugins());

    app.get('/api/v1/contributions', {
      config: { access: 'viewer' }, schema: { tags: ['plugins'], summary: 'Static contributions of every accepted plugin, by point; entries carry `pluginId`' },
    }, async () => Object.fromEntries(listPoints.map((point) => [point, this.contributions.get(point).map((c) => ({ ...c.entry, pluginId: c.pluginId, aliases: c.aliases }))])));

    app.get<{ Params: { id: string }; Querystring: { element?: string } }>('/api/v1/views/:id/children', {
      config: { access: 'viewer', errors: pluginCallErrors },
      schema: {
        tags: ['plugins'], summary: 'Children of an element of a contributed view (roots without `element`)', params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { element: { type: 'string', minLength: 1 } } },
      },
    }, async (request) => {
      const id = request.params.id;
      if (!this.contributions.find('views', id)) throw this.availability.inactive('views', id) ?? new NotFoundError(`No contributed view "${id}".`);
      return this.views.getChildren(id, request.query.element);
    });

    app.post<{ Params: { id: string }; Body: { args?: JsonValue[] } | undefined }>('/api/v1/commands/:id', {
      config: { access: 'admin', errors: pluginCallErrors },
      schema: {
        tags: ['plugins'], summary: 'Execute a kernel or contributed command', params: idParam,
        body: { type: 'object', additionalProperties: false, properties: { args: { type: 'array' } } },
      },
    }, async (request) => {
      const id = request.params.id;
      if (!this.commands.getCommands().includes(id)) throw this.availability.inactive('commands', id) ?? new NotFoundError(`No command "${id}".`);
      const result = await this.commands.executeCommand(id, ...(request.body?.args ?? []));
      return { result: result ?? null };
    });
  }
}
