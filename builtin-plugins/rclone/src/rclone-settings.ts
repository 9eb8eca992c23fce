import type { JsonObject, SecretValues } from '@timelocker/plugin-api';

export interface RcloneSettings {
  readonly remote: string;
  readonly path: string;
  readonly configFile?: string;
}

export function rcloneSettingsOf(config: JsonObject): RcloneSettings {
  const text = (key: string): string => (typeof config[key] === 'string' ? config[key] : '');
  return { remote: text('remote'), path: text('path'), ...(text('configFile') && { configFile: text('configFile') }) };
}

/** `remote:path`, as rclone and restic's `rclone:` scheme name it. */
export function remotePath(settings: RcloneSettings): string {
  return `${settings.remote}:${settings.path}`;
}

/**
 * rclone reads a remote's options from `RCLONE_CONFIG_<REMOTE>_<OPTION>`: 1.60 keeps a `-` of the remote's name,
 * later releases turn it into `_`; both are set, the one rclone does not look for is ignored.
 */
export function remoteOptionVariables(remote: string, option: string): string[] {
  const kept = `RCLONE_CONFIG_${remote.toUpperCase()}_${option.toUpperCase()}`;
  const underscored = kept.replace(/-/g, '_');
  return kept === underscored ? [kept] : [kept, underscored];
}

/** The environment restic (and rclone under it) needs: where the config is, and the secrets rclone reads from env. */
export function rcloneEnvironment(settings: RcloneSettings, secrets: SecretValues, obscuredRemotePassword: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  if (settings.configFile) env['RCLONE_CONFIG'] = settings.configFile;
  if (secrets['configPassword']) env['RCLONE_CONFIG_PASS'] = secrets['configPassword'];
  if (obscuredRemotePassword !== undefined) for (const name of remoteOptionVariables(settings.remote, 'pass')) env[name] = obscuredRemotePassword;
  return env;
}
