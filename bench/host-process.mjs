import { readFile, readdir } from 'node:fs/promises';

/** Pids of this process's direct children that run the plugin host, found through /proc (Linux only). */
export async function pluginHostPids() {
  const pids = [];
  for (const task of await readdir('/proc/self/task')) {
    const children = await readFile(`/proc/self/task/${task}/children`, 'utf8').catch(() => '');
    for (const pid of children.split(/\s+/).filter(Boolean)) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes('plugin-host')) pids.push(Number(pid));
    }
  }
  return pids;
}
