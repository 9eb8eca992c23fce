import type { JsonObject } from '../dto.js';
import type { ContributionPointName } from './types.js';

const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' };
const label = { type: 'string', minLength: 1 };
const schemaObject = { type: 'object' };
const secretFields = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'label'],
    properties: { id, label, optional: { type: 'boolean' } },
    additionalProperties: false,
  },
};

function entry(required: string[], properties: JsonObject): JsonObject {
  return { type: 'object', required, properties, additionalProperties: false };
}

/** JSON schema of ONE entry of each contribution point; a bad entry is dropped, the plugin still loads. */
export const contributionEntrySchemas: Readonly<Record<ContributionPointName, JsonObject>> = {
  backends: entry(['id', 'label', 'configSchema'], { id, label, configSchema: schemaObject, secrets: secretFields, displayLocation: { type: 'string', minLength: 1 } }),
  reportFormats: entry(['id', 'label', 'extension', 'mimeType'], {
    id, label,
    extension: { type: 'string', pattern: '^[A-Za-z0-9]+$' },
    mimeType: { type: 'string', pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' },
  }),
  policyRules: entry(['id', 'label', 'optionsSchema', 'defaultSeverity'], {
    id, label, optionsSchema: schemaObject, defaultSeverity: { enum: ['error', 'warning'] },
  }),
  notifiers: entry(['id', 'label', 'configSchema'], { id, label, configSchema: schemaObject, secrets: secretFields }),
  auditSinks: entry(['id', 'label', 'configSchema'], { id, label, configSchema: schemaObject, secrets: secretFields }),
  commands: entry(['id', 'title'], { id, title: label, category: { type: 'string' } }),
  views: entry(['id', 'name', 'container'], { id, name: label, container: id }),
  configuration: entry(['properties'], { title: { type: 'string' }, properties: schemaObject }),
};

/** Points whose value is a list of entries (all but `configuration`). */
export const listContributionPoints = ['backends', 'reportFormats', 'policyRules', 'notifiers', 'auditSinks', 'commands', 'views'] as const;

/** Activation event prefix per list point, e.g. `onBackend:local`. */
export const activationEventPrefix: Readonly<Record<(typeof listContributionPoints)[number], string>> = {
  backends: 'onBackend',
  reportFormats: 'onReportFormat',
  policyRules: 'onPolicyRule',
  notifiers: 'onNotifier',
  auditSinks: 'onAuditSink',
  commands: 'onCommand',
  views: 'onView',
};
