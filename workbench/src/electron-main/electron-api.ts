/**
 * The slice of Electron's main-process API the shell uses. Typed here (Electron is an optional dependency that
 * may be missing) so the shell's logic runs against the real module or a test double alike.
 */
/** `before-quit` passes an event that can be prevented; other app events' arguments are not used. */
export interface ElectronApp {
  on(event: string, listener: (event: { preventDefault(): void }) => void): unknown;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(code?: number): void;
}

export interface NavigationEvent {
  preventDefault(): void;
}

export interface ElectronWebContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
}

export interface BrowserWindowOptions {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly show: boolean;
  readonly webPreferences: {
    readonly preload: string;
    readonly contextIsolation: true;
    readonly nodeIntegration: false;
    readonly sandbox: true;
  };
}

export interface ElectronBrowserWindow {
  readonly webContents: ElectronWebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface ElectronNotification {
  show(): void;
}

export interface ElectronModule {
  readonly app: ElectronApp;
  readonly BrowserWindow: new (options: BrowserWindowOptions) => ElectronBrowserWindow;
  readonly Notification: { new (options: { title: string; body: string }): ElectronNotification; isSupported(): boolean };
  readonly shell: { openExternal(url: string): Promise<void> };
}
