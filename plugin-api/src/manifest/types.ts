import type { JsonObject } from '../dto.js';

/** A secret a backend or notifier needs besides the repository password (an access key, a token…). */
export interface SecretFieldContribution {
  /** Field name in the repository config, e.g. `secretAccessKey`; stored in the keyring as `<repo>/<backend>.<id>`. */
  readonly id: string;
  /** Shown in prompts and forms, e.g. `Secret access key`. */
  readonly label: string;
  /** When true, a repository may leave the field out. */
  readonly optional?: boolean;
}

/** `contributes.backends[]`: a storage backend, used by repositories as `"backend": "<publisher>.<id>"`. */
export interface BackendContribution {
  /** Short id; its full id is `<publisher>.<id>` (see {@link qualifiedContributionId}). */
  readonly id: string;
  /** Shown in `repo add`, the repository form and `plugins list`. */
  readonly label: string;
  /** JSON schema of the backend-specific keys of a repository entry. */
  readonly configSchema: JsonObject;
  /** Secret fields besides the repository password. */
  readonly secrets?: readonly SecretFieldContribution[];
  /**
   * Where a repository of this backend lives, as `repo list`, the REST API (`RepositoryDto.location`) and the UI show
   * it, built from the repository's settings without activating the plugin: `{key}` is the value of a setting
   * (`configSchema` key), and a part in `[…]` is left out unless every setting it names has a value, e.g.
   * `sftp:{user}@{host}:{path}[ (port {port})]`. Only settings can appear, never secrets. Without it (or when a
   * setting outside `[…]` is missing) no location is shown.
   */
  readonly displayLocation?: string;
}

/** `contributes.reportFormats[]`: an output format of `timelocker report --format <id>`. */
export interface ReportFormatContribution {
  /** Short id; its full id is `<publisher>.<id>`. */
  readonly id: string;
  /** Shown in format lists. */
  readonly label: string;
  /** File name extension without the dot, e.g. `md`. */
  readonly extension: string;
  /** MIME type served over REST, e.g. `text/markdown`. */
  readonly mimeType: string;
}

/** What a policy finding does: `error` blocks the operation, `warning` is recorded with it. */
export type PolicySeverity = 'error' | 'warning';

/** `contributes.policyRules[]`: a rule users apply in the config's `policies` list as `{ "rule": "<publisher>.<id>" }`. */
export interface PolicyRuleContribution {
  /** Short id; its full id is `<publisher>.<id>`. */
  readonly id: string;
  /** Shown in `policy check` output and the UI. */
  readonly label: string;
  /** JSON schema of the `options` a policy entry passes to the rule. */
  readonly optionsSchema: JsonObject;
  /** Severity of the rule's findings when neither the finding nor the policy entry sets one. */
  readonly defaultSeverity: PolicySeverity;
}

/** `contributes.notifiers[]`: a notifier type, used in `notifications.notifiers.<name>` as `"type": "<publisher>.<id>"`. */
export interface NotifierContribution {
  /** Short id; its full id is `<publisher>.<id>`. */
  readonly id: string;
  /** Shown in lists and forms. */
  readonly label: string;
  /** JSON schema of the notifier entry's own keys (besides `type` and `description`). */
  readonly configSchema: JsonObject;
  /** Secret fields of the entry; the config holds only where each secret comes from. */
  readonly secrets?: readonly SecretFieldContribution[];
}

/** `contributes.auditSinks[]`: a kind of audit forwarding (e.g. `syslog`); configured under `auditSinks` in timelocker.json. */
export interface AuditSinkContribution {
  /** Short id; its full id is `<publisher>.<id>`. */
  readonly id: string;
  /** Shown in lists and forms. */
  readonly label: string;
  /** JSON schema of the sink entry's own keys. */
  readonly configSchema: JsonObject;
  /** Secret fields of the entry; the config holds only where each secret comes from. */
  readonly secrets?: readonly SecretFieldContribution[];
}

/** `contributes.commands[]`: a command the UI's palette and `POST /api/v1/commands/<id>` can run. */
export interface CommandContribution {
  /** Usually already `<publisher>.<plugin>.<verb>`; otherwise its full id is `<publisher>.<id>`. */
  readonly id: string;
  /** Shown in the command palette. */
  readonly title: string;
  /** Groups commands in the palette; defaults to the plugin id. */
  readonly category?: string;
}

/** `contributes.views[]`: a tree view in the UI's side bar, filled by a `TreeDataProvider`. */
export interface ViewContribution {
  /** Usually already `<publisher>.<plugin>.<view>`; otherwise its full id is `<publisher>.<id>`. */
  readonly id: string;
  /** The view's title. */
  readonly name: string;
  /** Activity-bar container the view lives in, e.g. `timelocker` or a plugin's own. */
  readonly container: string;
}

/** `contributes.configuration`: the plugin's settings, read with `api.workspace.getConfiguration()`. */
export interface ConfigurationContribution {
  /** Heading of the settings in the UI. */
  readonly title?: string;
  /** JSON schema properties of the plugin's settings under `plugins.<pluginId>` in timelocker.json. */
  readonly properties: JsonObject;
}

/** Everything a manifest can contribute, by contribution point. */
export interface Contributions {
  /** Storage backends. */
  readonly backends?: readonly BackendContribution[];
  /** Report output formats. */
  readonly reportFormats?: readonly ReportFormatContribution[];
  /** Policy rules. */
  readonly policyRules?: readonly PolicyRuleContribution[];
  /** Notifier types. */
  readonly notifiers?: readonly NotifierContribution[];
  /** Audit sinks. */
  readonly auditSinks?: readonly AuditSinkContribution[];
  /** Commands. */
  readonly commands?: readonly CommandContribution[];
  /** Tree views. */
  readonly views?: readonly ViewContribution[];
  /** The plugin's settings. */
  readonly configuration?: ConfigurationContribution;
}

/** Name of a contribution point, e.g. `backends`. */
export type ContributionPointName = keyof Contributions;

/** A plugin's `package.json`, as far as TimeLocker reads it. */
export interface PluginManifest {
  /** npm package name; with `publisher` it makes the plugin id `publisher.name`. */
  readonly name: string;
  /** Who publishes the plugin; the first part of every id the plugin contributes. */
  readonly publisher: string;
  /** semver version of the plugin. */
  readonly version: string;
  /** Human-readable name for lists. */
  readonly displayName?: string;
  /** One sentence on what the plugin does. */
  readonly description?: string;
  /** `engines.timelocker`: the semver range of the plugin API the plugin was built for, e.g. `^1.0.0`. */
  readonly engines: {
    /** semver range of the plugin API, e.g. `^1.0.0`. */
    readonly timelocker: string;
  };
  /** The module exporting `activate` (and optionally `deactivate`); a plugin without code contributes data only. */
  readonly main?: string;
  /** Events that activate the plugin besides the ones its contributions imply (`onBackend:<id>` …). */
  readonly activationEvents?: readonly string[];
  /**
   * Plugin ids (`publisher.name`) this plugin needs: they are activated first, and when one is reloaded or
   * disabled this plugin is deactivated (and re-activated) with it.
   */
  readonly dependsOn?: readonly string[];
  /** What the plugin contributes. */
  readonly contributes?: Contributions;
}
