import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { expect } from 'chai';
import { startWorkbenchServer, type WorkbenchServer } from '../node/workbench-server.js';
import { JobService } from '../node/jobs/job-service.js';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import type { BrowserWindowOptions, ElectronModule, NavigationEvent } from './electron-api.js';
import { DesktopShell } from './desktop-shell.js';

/** A stand-in for Electron's main-process module that records what the shell asked for. */
class FakeElectron {
  readonly app = Object.assign(new EventEmitter(), {
    hasLock: true,
    quitCalls: 0,
    exitCode: undefined as number | undefined,
    requestSingleInstanceLock: () => this.app.hasLock,
    whenReady: () => Promise.resolve(),
    quit: () => {
      this.app.quitCalls++;
      const event = { prevented: false, preventDefault: () => (event.prevented = true) };
      this.app.emit('before-quit', event);
      if (!event.prevented) this.app.exitCode = 0;
    },
    exit: (code = 0) => void (this.app.exitCode = code),
  });
  readonly windows: FakeWindow[] = [];
  readonly notifications: Array<{ title: string; body: string }> = [];
  readonly opened: string[] = [];
  readonly module: ElectronModule;

  constructor() {
    const windows = this.windows;
    const notifications = this.notifications;
    class Window extends FakeWindow {
      constructor(options: BrowserWindowOptions) {
        super(options);
        windows.push(this);
      }
    }
    class Notice {
      constructor(private readonly options: { title: string; body: string }) {}
      static isSupported(): boolean {
        return true;
      }
      show(): void {
        notifications.push(this.options);
      }
    }
    this.module = { app: this.app, BrowserWindow: Window, Notification: Notice, shell: { openExternal: async (url) => void this.opened.push(url) } };
  }
}

class FakeWindow {
  url = '';
  focused = 0;
  shown = false;
  private readonly events = new EventEmitter();
  private openHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | undefined;
  readonly webContents = {
    on: (event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void) => this.events.on(event, listener),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' | 'allow' }) => void (this.openHandler = handler),
  };

  constructor(readonly options: BrowserWindowOptions) {}
  async loadURL(url: string): Promise<void> {
    this.url = url;
    this.events.emit('ready-to-show');
  }
  show(): void { this.shown = true; }
  focus(): void { this.focused++; }
  restore(): void {}
  isMinimized(): boolean { return false; }
  once(event: 'ready-to-show', listener: () => void): void { this.events.once(event, listener); }
  navigate(url: string): boolean {
    let prevented = false;
    this.events.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
  openWindow(url: string): string | undefined {
    return this.openHandler?.({ url }).action;
  }
}

describe('DesktopShell (Electron main logic, with a fake electron module and a real kernel)', function () {
  this.timeout(60_000);
  let dir: string;
  let servers: WorkbenchServer[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-shell-'));
    servers = [];
  });
  afterEach(async () => {
    for (const server of servers) await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function shellFor(electron: FakeElectron, keepJobsRunningOnClose = false): DesktopShell {
    return new DesktopShell(electron.module, {
      preload: '/abs/preload.cjs',
      keepJobsRunningOnClose,
      startServer: async () => {
        const server = await startWorkbenchServer(resolveKernelOptions({ configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data'), actor: 'test' }));
        servers.push(server);
        return server;
      },
    });
  }

  it('opens one locked-down window on the loopback server with a working admin token', async () => {
    const electron = new FakeElectron();
    expect(await shellFor(electron).run()).to.equal(true);
    expect(electron.windows).to.have.length(1);
    const window = electron.windows[0]!;
    expect(window.options.webPreferences).to.deep.equal({ preload: '/abs/preload.cjs', contextIsolation: true, nodeIntegration: false, sandbox: true });
    const url = new URL(window.url);
    expect(url.hostname).to.equal('127.0.0.1');
    expect(window.shown).to.equal(true);
    const whoami = await fetch(new URL('/api/v1/whoami', url), { headers: { authorization: `Bearer ${url.searchParams.get('token')}` } });
    expect(await whoami.json()).to.include({ role: 'admin' });
    expect(window.navigate('https://example.com/')).to.equal(true);
    expect(window.navigate(`${url.origin}/#/jobs`)).to.equal(false);
    expect(window.openWindow('https://example.com/docs')).to.equal('deny');
    expect(electron.opened).to.deep.equal(['https://example.com/', 'https://example.com/docs']);
    electron.app.emit('second-instance');
    expect(window.focused).to.equal(1);
  });

  it('quits at once when another instance holds the lock, starting nothing', async () => {
    const electron = new FakeElectron();
    electron.app.hasLock = false;
    expect(await shellFor(electron).run()).to.equal(false);
    expect(electron.app.quitCalls).to.equal(1);
    expect(servers).to.have.length(0);
    expect(electron.windows).to.have.length(0);
  });

  it('shows a native notification when a job finishes, and on quit cancels running jobs before exiting', async () => {
    const electron = new FakeElectron();
    await shellFor(electron).run();
    const jobs = servers[0]!.kernel.get<JobService>(JobService);
    await jobs.run({ kind: 'check', repository: 'home' }, async () => ({}));
    expect(electron.notifications).to.have.length(1);
    expect(electron.notifications[0]!.body).to.include('check (home) succeeded');

    let sawCancel = false;
    const running = jobs.run({ kind: 'backup', repository: 'home', plan: 'docs' }, (context) => new Promise((_resolve, reject) => {
      context.token.onCancellationRequested(() => {
        sawCancel = true;
        reject(new Error('cancelled'));
      });
    }));
    await new Promise<void>((resolve) => {
      const listener = jobs.onDidChangeJob((job) => job.status === 'running' && (listener.dispose(), resolve()));
    });
    electron.app.quit();
    const { job } = await running;
    expect(job.status).to.equal('cancelled');
    expect(sawCancel).to.equal(true);
    await pollUntil('the shell to exit', () => electron.app.exitCode !== undefined, 10_000);
    expect(electron.app.exitCode).to.equal(0);
  });
});
