import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';

/** A tmpfs mounted read-only, holding `files` (name → text); `unmount` in after(). */
export interface ReadOnlyMount {
  readonly path: string;
  unmount(): void;
}

/**
 * Mounts a read-only tmpfs at `path`, or answers why it cannot (mounting needs root or CAP_SYS_ADMIN): the only way a
 * root test process meets EROFS, since root writes into a folder of any mode.
 */
export async function mountReadOnly(path: string, files: Readonly<Record<string, string>> = {}): Promise<ReadOnlyMount | string> {
  await mkdir(path, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    return `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}`;
  }
  const unmount = (): void => void execFileSync('umount', [path], { stdio: 'pipe' });
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(`${path}/${name}`, text);
    execFileSync('mount', ['-o', 'remount,ro', path], { stdio: 'pipe' });
  } catch (error) {
    unmount();
    throw error;
  }
  return { path, unmount };
}
