import type { BackendProvider, CancellationToken, JsonObject, ResticLocation, SecretValues, ValidationIssue } from '@timelocker/plugin-api';
import { testRcloneConnection } from './connection-test.js';
import { obscure } from './rclone-process.js';
import { rcloneEnvironment, rcloneSettingsOf, remotePath } from './rclone-settings.js';

function settingsIssues(config: JsonObject): ValidationIssue[] {
  const settings = rcloneSettingsOf(config);
  const issues: ValidationIssue[] = [];
  if (!settings.remote) issues.push({ path: '/remote', message: 'the name of an rclone remote is required' });
  if (!settings.path) issues.push({ path: '/path', message: 'a folder on the remote is required' });
  return issues;
}

/** restic's `rclone:REMOTE:PATH`: restic starts `rclone serve restic --stdio` itself, with the environment given here. */
export const rcloneBackend: BackendProvider = {
  validate: (config) => settingsIssues(config),

  async resolve(config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ResticLocation> {
    const issues = settingsIssues(config);
    if (issues.length) throw new Error(issues.map((i) => i.message).join('; '));
    const settings = rcloneSettingsOf(config);
    const obscured = secrets['remotePassword'] ? await obscure(secrets['remotePassword'], token) : undefined;
    return { repository: `rclone:${remotePath(settings)}`, env: rcloneEnvironment(settings, secrets, obscured) };
  },

  testConnection: (config, secrets, token) => testRcloneConnection(rcloneSettingsOf(config), secrets, token),
};
