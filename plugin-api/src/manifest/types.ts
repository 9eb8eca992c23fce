import type { JsonObject } from '../dto.js';

export interface SecretFieldContribution {
  /** Field name in the repository config, e.g. `secretAccessKey`; stored in the keyring as `<repo>/<backend>.<id>`. */
  readonly id: string;
  readonly label: string;
  readonly optional?: boolean;
}

export interface BackendContribution {
  readonly id: string;
  readonly label: string;
  /** JSON schema of the backend-specific keys of a repository entry. */
  readonly configSchema: JsonObject;
  /** Secret fields besides the repository password. */
  readonly secrets?: readonly SecretFieldContribution[];
}

export interface ReportFormatContribution {
  readonly id: string;
  readonly label: string;
  readonly extension: string;
  readonly mimeType: string;
}

export type PolicySeverity = 'error' | 'warning';

export interface PolicyRuleContribution {
  readonly id: string;
  readonly label: string;
  readonly optionsSchema: JsonObject;
  readonly defaultSeverity: PolicySeverity;
}

export interface NotifierContribution {
  readonly id: string;
  readonly label: string;
  readonly configSchema: JsonObject;
  readonly secrets?: readonly SecretFieldContribution[];
}

/** A kind of audit forwarding (e.g. `syslog`); configured under `auditSinks` in timelocker.json. */
export interface AuditSinkContribution {
  readonly id: string;
  readonly label: string;
  readonly configSchema: JsonObject;
  readonly secrets?: readonly SecretFieldContribution[];
}

export interface CommandContribution {
  readonly id: string;
  readonly title: string;
  readonly category?: string;
}

export interface ViewContribution {
  readonly id: string;
  readonly name: string;
  /** Activity-bar container the view lives in, e.g. `timelocker` or a plugin's own. */
  readonly container: string;
}

export interface ConfigurationContribution {
  readonly title?: string;
  /** JSON schema properties of the plugin's settings under `plugins.<pluginId>` in timelocker.json. */
  readonly properties: JsonObject;
}

export interface Contributions {
  readonly backends?: readonly BackendContribution[];
  readonly reportFormats?: readonly ReportFormatContribution[];
  readonly policyRules?: readonly PolicyRuleContribution[];
  readonly notifiers?: readonly NotifierContribution[];
  readonly auditSinks?: readonly AuditSinkContribution[];
  readonly commands?: readonly CommandContribution[];
  readonly views?: readonly ViewContribution[];
  readonly configuration?: ConfigurationContribution;
}

export type ContributionPointName = keyof Contributions;

export interface PluginManifest {
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly engines: { readonly timelocker: string };
  readonly main?: string;
  readonly activationEvents?: readonly string[];
  readonly contributes?: Contributions;
}
