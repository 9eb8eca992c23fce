import type { ResticLocation, SecretValues } from '@timelocker/plugin-api';
import { endpointUrl, insecureHttpWarning, type S3Settings, usesPlainHttp } from './s3-settings.js';

/** `s3:https://host[:port]/bucket[/prefix]`: restic takes the bucket from the first path segment. */
export function resticRepository(settings: S3Settings): string {
  const url = endpointUrl(settings);
  if (!url) throw new Error(`endpoint "${settings.endpoint}" is not a valid URL`);
  return `s3:${url.protocol}//${url.host}/${settings.bucket}${settings.prefix ? `/${settings.prefix}` : ''}`;
}

function awsEnvironment(settings: S3Settings, secrets: SecretValues): Record<string, string> {
  const env: Record<string, string> = {};
  const accessKeyId = secrets['accessKeyId'];
  const secretAccessKey = secrets['secretAccessKey'];
  if (accessKeyId) env['AWS_ACCESS_KEY_ID'] = accessKeyId;
  if (secretAccessKey) env['AWS_SECRET_ACCESS_KEY'] = secretAccessKey;
  if (secrets['sessionToken']) env['AWS_SESSION_TOKEN'] = secrets['sessionToken'];
  if (settings.region) env['AWS_DEFAULT_REGION'] = settings.region;
  return env;
}

/** Extended options restic 0.14 already knows (`restic options`), so older supported versions never see an unknown `-o`. */
function resticOptions(settings: S3Settings): Record<string, string> {
  const options: Record<string, string> = {};
  if (settings.region) options['s3.region'] = settings.region;
  if (settings.pathStyle !== undefined) options['s3.bucket-lookup'] = settings.pathStyle ? 'path' : 'dns';
  if (settings.storageClass) options['s3.storage-class'] = settings.storageClass;
  return options;
}

export function resolveLocation(settings: S3Settings, secrets: SecretValues): ResticLocation {
  return {
    repository: resticRepository(settings),
    env: awsEnvironment(settings, secrets),
    options: resticOptions(settings),
    flags: settings.caCertFile ? ['--cacert', settings.caCertFile] : [],
    warnings: usesPlainHttp(settings) && settings.allowInsecureHttp ? [insecureHttpWarning(settings)] : [],
  };
}
