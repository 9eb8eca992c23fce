import type { Page } from 'playwright-core';
import type { TestWorkspace } from '../../support/workspace.js';
import { TestBrowser } from './browser.js';
import { WorkbenchProcess } from './workbench-process.js';

export interface OpenWorkbench {
  readonly server: WorkbenchProcess;
  readonly browser: TestBrowser;
  readonly page: Page;
}

/** The real `timelocker serve` on the workspace, and a fresh headless Chromium page to drive it with. */
export async function openWorkbench(ws: TestWorkspace, options: Parameters<typeof WorkbenchProcess.start>[1] = {}): Promise<OpenWorkbench> {
  const server = await WorkbenchProcess.start(ws, options);
  try {
    const browser = await TestBrowser.launch();
    return { server, browser, page: await browser.newPage() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Closes what openWorkbench opened; either part may be missing when the set-up failed half-way. */
export async function closeWorkbench(browser: TestBrowser | undefined, server: WorkbenchProcess | undefined): Promise<void> {
  await browser?.close();
  await server?.stop();
}
