import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

/** The `serve` config section. */
const serveSections: Record<string, JsonObject> = {
  serve: {
    type: 'object',
    description: 'The workbench server (`timelocker serve`).',
    properties: {
      allowedHosts: {
        type: 'array',
        items: { type: 'string', pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$', patternErrorMessage: 'must be a host name or address, optionally with :port' },
        description: 'Host names (as clients write them, e.g. "backup.lan" or "backup.lan:8080") the server answers besides 127.0.0.1, localhost and [::1] on its own port. Without a port, the server\'s port is meant. Any other Host gets 421.',
      },
      metrics: {
        type: 'object',
        properties: {
          public: {
            type: 'boolean',
            description: 'Let clients on this machine (loopback) read GET /metrics without a token, e.g. a local Prometheus or node exporter proxy. Default false: a viewer token is needed. Clients on other machines always need one.',
          },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
};

export interface ServeConfig {
  readonly allowedHosts?: readonly string[];
  readonly metrics?: { readonly public?: boolean };
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const serveSchemaPart: ConfigSchemaPart = {
  sections: serveSections,
};
