import type { CancellationToken, ConnectionTestResult, SecretValues } from '@timelocker/plugin-api';
import { rcloneEnvironment, type RcloneSettings, remotePath } from './rclone-settings.js';
import { obscure, runRclone } from './rclone-process.js';

const INIT_HINT = 'timelocker repo init <name>';
/** Short network timeouts: a test must answer promptly, where a backup may wait longer. */
const quick = ['--contimeout', '10s', '--timeout', '20s', '--retries', '1', '--low-level-retries', '1'];

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1)?.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (ERROR|NOTICE|Failed)?\s*:?\s*/, '').trim() ?? '';
}

function listingFailure(settings: RcloneSettings, stderr: string): ConnectionTestResult {
  const where = remotePath(settings);
  if (/directory not found|not found|doesn't exist|does not exist|404/i.test(stderr)) {
    return { status: 'not-found', message: `${where} does not exist yet`, hint: INIT_HINT };
  }
  if (/401|403|unauthori[sz]ed|forbidden|permission denied|unable to authenticate|authentication failed|invalid_grant|access denied|couldn't decrypt/i.test(stderr)) {
    return { status: 'auth-failed', message: `the remote ${settings.remote} refused the credentials: ${lastLine(stderr)}`, hint: 'check the user and password of the remote (remotePassword, or `rclone config`)' };
  }
  if (/connection refused|no such host|i\/o timeout|timed out|network is unreachable|no route to host|did not finish within|dial tcp|connection reset/i.test(stderr)) {
    return { status: 'unreachable', message: `cannot reach the remote ${settings.remote}: ${lastLine(stderr)}` };
  }
  if (/certificate|x509|tls/i.test(stderr)) return { status: 'tls-error', message: `TLS failure with the remote ${settings.remote}: ${lastLine(stderr)}` };
  return { status: 'error', message: `rclone could not list ${where}: ${lastLine(stderr) || 'no output'}` };
}

/**
 * The remote exists in the config file (else its name and the known ones are said), rclone reaches it with these
 * credentials, and the path holds a restic repository (a `config` file).
 */
export async function testRcloneConnection(settings: RcloneSettings, secrets: SecretValues, token: CancellationToken): Promise<ConnectionTestResult> {
  const obscured = secrets['remotePassword'] ? await obscure(secrets['remotePassword'], token) : undefined;
  const env = rcloneEnvironment(settings, secrets, obscured);
  const configName = settings.configFile ?? "rclone's default config file";
  const remotes = await runRclone(['listremotes'], env, token, 15_000);
  if (remotes.code !== 0) {
    const problem = lastLine(remotes.stderr);
    if (/password|decrypt/i.test(problem)) return { status: 'auth-failed', message: `cannot read ${configName}: ${problem}`, hint: 'set configPassword to the password of the encrypted rclone config' };
    return { status: 'error', message: `cannot read ${configName}: ${problem || `rclone exited with ${remotes.code}`}` };
  }
  const known = remotes.stdout.split('\n').map((l) => l.trim().replace(/:$/, '')).filter(Boolean);
  if (!known.includes(settings.remote)) {
    return {
      status: 'error',
      message: `rclone has no remote named "${settings.remote}" in ${configName}; remotes there: ${known.join(', ') || '(none)'}`,
      hint: settings.configFile ? `create it with \`rclone config --config ${settings.configFile}\`, or set remote to one of those` : 'create it with `rclone config`, set remote to one of those, or set configFile',
    };
  }
  const listing = await runRclone(['lsf', '--max-depth', '1', ...quick, remotePath(settings)], env, token, 45_000);
  if (listing.code !== 0) return listingFailure(settings, listing.stderr);
  if (!listing.stdout.split('\n').includes('config')) {
    return { status: 'not-found', message: `${remotePath(settings)} is reachable but holds no restic repository (no config file)`, hint: INIT_HINT };
  }
  return { status: 'ok', message: `restic repository found at rclone:${remotePath(settings)}` };
}
