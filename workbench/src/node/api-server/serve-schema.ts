import type { JsonObject } from '@timelocker/plugin-api';

/** The `serve` config section, spread into the kernel's base schema. */
export const serveSections: Record<string, JsonObject> = {
  serve: {
    type: 'object',
    description: 'The workbench server (`timelocker serve`).',
    properties: {
      allowedHosts: {
        type: 'array',
        items: { type: 'string', pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$', patternErrorMessage: 'must be a host name or address, optionally with :port' },
        description: 'Host names (as clients write them, e.g. "backup.lan" or "backup.lan:8080") the server answers besides 127.0.0.1, localhost and [::1] on its own port. Without a port, the server\'s port is meant. Any other Host gets 421.',
      },
    },
    additionalProperties: false,
  },
};

export interface ServeConfig {
  readonly allowedHosts?: readonly string[];
}
