import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { unreadableConfig } from './config-file-errors.js';

/**
 * The hash of the config file's exact bytes, as a strong ETag: compare-and-swap writes check it, the API sends it
 * as `ETag` and expects it back in `If-Match`. A missing file is the empty text.
 */
export function configHash(text: string): string {
  return `"${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 27)}"`;
}

export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw unreadableConfig(file, error);
  }
}
