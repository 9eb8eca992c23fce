import type { JsonObject } from '@timelocker/plugin-api';

/**
 * Regions inside the EEA or the UK at the common S3-compatible providers (AWS, Backblaze B2, Wasabi, Scaleway,
 * OVH, IONOS, Hetzner). Switzerland (eu-central-2 at AWS) is deliberately absent: it is neither EEA nor UK.
 */
export const EEA_UK_REGIONS: readonly string[] = [
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'eu-central-003', 'eu-central-004',
  'eu-west-4', 'uk-1',
  'fr-par', 'nl-ams', 'pl-waw',
  'gra', 'sbg', 'rbx', 'de', 'uk', 'waw',
  'fsn1', 'nbg1', 'hel1', 'de-fra', 'eu-central-2-ionos',
];

export const EEA_UK_PRESET = '@eea-uk';

/** Hosts that carry the region in their name: s3.<region>.amazonaws.com, s3.<region>.backblazeb2.com, s3.<region>.wasabisys.com … */
const regionInHost: readonly RegExp[] = [
  /^(?:[^.]+\.)*s3[.-]([a-z0-9-]+)\.amazonaws\.com$/,
  /^s3\.([a-z0-9-]+)\.backblazeb2\.com$/,
  /^s3\.([a-z0-9-]+)\.wasabisys\.com$/,
  /^s3\.([a-z0-9-]+)\.scw\.cloud$/,
  /^s3\.([a-z0-9-]+)\.io\.cloud\.ovh\.net$/,
  /^([a-z0-9-]+)\.your-objectstorage\.com$/,
];

/** The repository's region: configured, or read from the endpoint's host name; undefined when neither says. */
export function regionOf(config: JsonObject): string | undefined {
  const configured = config['region'];
  if (typeof configured === 'string' && configured.length > 0) return configured;
  const endpoint = config['endpoint'];
  if (typeof endpoint !== 'string') return undefined;
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  for (const pattern of regionInHost) {
    const match = pattern.exec(host);
    if (match?.[1] && match[1] !== 'external-1') return match[1];
  }
  return undefined;
}

export function expandAllowed(allowed: readonly string[]): string[] {
  return allowed.flatMap((entry) => (entry === EEA_UK_PRESET ? [...EEA_UK_REGIONS] : [entry]));
}

export function regionMatches(region: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${escaped}$`, 'i').test(region);
}
