import { fileURLToPath } from 'node:url';
import { startWorkbenchServer } from '../node/workbench-server.js';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import type { ElectronModule } from './electron-api.js';
import { DesktopShell } from './desktop-shell.js';

// Electron is optional: this entry only runs under the electron binary, which provides the module.
const electron = (await import('electron' as string)) as { default: ElectronModule };
const shell = new DesktopShell(electron.default, {
  startServer: () => startWorkbenchServer(resolveKernelOptions({ actor: 'desktop' }), { host: '127.0.0.1', port: 0 }),
  preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
  keepJobsRunningOnClose: process.env['TIMELOCKER_KEEP_JOBS_ON_CLOSE'] === '1',
});
await shell.run();
