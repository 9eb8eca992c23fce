import type { JobDto } from '@timelocker/plugin-api';
import type { WorkbenchServer } from '../node/workbench-server.js';
import { JobService } from '../node/jobs/job-service.js';
import type { ElectronBrowserWindow, ElectronModule } from './electron-api.js';

export interface DesktopShellOptions {
  /** Starts the kernel server on a free loopback port (the shell never binds anything else). */
  readonly startServer: () => Promise<WorkbenchServer>;
  /** Absolute path of the compiled preload script. */
  readonly preload: string;
  /** On quit, let running jobs finish instead of cancelling them with SIGINT. */
  readonly keepJobsRunningOnClose: boolean;
}

function describeJob(job: JobDto): { title: string; body: string } {
  const what = `${job.kind}${job.plan ? ` of ${job.plan}` : ''} (${job.repository})`;
  if (job.status === 'succeeded') return { title: 'Backup job finished', body: `${what} succeeded${job.error ? `: ${job.error}` : '.'}` };
  return { title: `Job ${job.status}`, body: `${what}${job.error ? `: ${job.error}` : ''}` };
}

/** The desktop shell: one window on the kernel's own HTTP server, native notifications, clean shutdown. */
export class DesktopShell {
  private window: ElectronBrowserWindow | undefined;
  private server: WorkbenchServer | undefined;
  private quitting: Promise<void> | undefined;

  constructor(private readonly electron: ElectronModule, private readonly options: DesktopShellOptions) {}

  /** Resolves once the window shows the workbench; false when another instance already runs (this one quits). */
  async run(): Promise<boolean> {
    const { app } = this.electron;
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return false;
    }
    app.on('second-instance', () => this.focus());
    app.on('window-all-closed', () => app.quit());
    app.on('before-quit', (event: { preventDefault(): void }) => {
      if (this.quitting === undefined && this.server) {
        event.preventDefault();
        this.quitting = this.shutdown().finally(() => app.exit(0));
      }
    });
    await app.whenReady();
    this.server = await this.options.startServer();
    this.server.kernel.get<JobService>(JobService).onDidFinishJob((job) => this.notify(job));
    await this.openWindow(this.server);
    return true;
  }

  /** Stops the server: running jobs are cancelled (SIGINT to restic) or awaited, per the setting. */
  async shutdown(): Promise<void> {
    await this.server?.stop({ cancelJobs: !this.options.keepJobsRunningOnClose });
  }

  private async openWindow(server: WorkbenchServer): Promise<void> {
    const window = new this.electron.BrowserWindow({
      width: 1280, height: 820, title: 'TimeLocker', show: false,
      webPreferences: { preload: this.options.preload, contextIsolation: true, nodeIntegration: false, sandbox: true },
    });
    this.window = window;
    const origin = new URL(server.address.url).origin;
    // The window only ever shows the workbench; links elsewhere open in the user's browser.
    window.webContents.on('will-navigate', (event, url) => {
      if (new URL(url).origin === origin) return;
      event.preventDefault();
      void this.electron.shell.openExternal(url);
    });
    window.webContents.setWindowOpenHandler(({ url }) => {
      if (/^https?:/.test(url)) void this.electron.shell.openExternal(url);
      return { action: 'deny' };
    });
    window.once('ready-to-show', () => window.show());
    await window.loadURL(server.openUrl);
  }

  private focus(): void {
    if (!this.window) return;
    if (this.window.isMinimized()) this.window.restore();
    this.window.focus();
  }

  private notify(job: JobDto): void {
    if (!this.electron.Notification.isSupported()) return;
    new this.electron.Notification(describeJob(job)).show();
  }
}
