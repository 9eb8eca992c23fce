import { constants } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const attribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes a page that opens the workbench with its session token, for the app window's browser, and answers its
 * file:// URL. A URL with the token on the browser's command line could be read by every user of the machine
 * (/proc/<pid>/cmdline); this file only by this user (0600, in a folder made 0700), and it is replaced whole. It lives
 * in the browser's own profile, which that browser can always read (a snap or flatpak browser cannot read other
 * folders of the data dir: `serve` uses one-time launch links instead), and a second launch reuses it.
 */
export async function writeLaunchPage(file: string, openUrl: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    // O_CREAT's mode applies only to a new file: a leftover temporary file is made private too before it is written.
    await handle.chmod(0o600);
    const target = attribute(openUrl);
    await handle.writeFile(`<!doctype html>\n<meta charset="utf-8">\n<title>TimeLocker</title>\n<meta http-equiv="refresh" content="0;url=${target}">\n<p>Opening TimeLocker… <a href="${target}">Open it</a></p>\n`);
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  return pathToFileURL(file).href;
}

/** Removes the launch page when its session token stops being valid (the server stops). */
export async function removeLaunchPage(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
