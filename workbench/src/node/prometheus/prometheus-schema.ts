import type { JsonObject } from '@timelocker/plugin-api';

/** The `serve` config section (what `timelocker serve` exposes), spread into the kernel's base schema. */
export const serveSections: Record<string, JsonObject> = {
  serve: {
    type: 'object',
    description: 'What the workbench server (timelocker serve) exposes besides the REST API.',
    properties: {
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
  readonly metrics?: { readonly public?: boolean };
}
