import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../support/cli.js';
import { makeTempDir, type TempDir } from '../../support/temp-dir.js';

export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/** Debian's Chromium, headless, with a fresh profile (flags from RECIPES.md). */
export class TestBrowser {
  private constructor(private readonly context: BrowserContext, private readonly profile: TempDir) {}

  static async launch(): Promise<TestBrowser> {
    const profile = await makeTempDir('tl-chromium');
    const context = await chromium.launchPersistentContext(profile.path, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
      // Tests paste into Monaco as a user would (typing JSON would trigger auto-closing brackets).
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    return new TestBrowser(context, profile);
  }

  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    return page;
  }

  async screenshot(page: Page, name: string): Promise<string> {
    await mkdir(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${name}.png`);
    await page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.profile.remove();
  }
}
