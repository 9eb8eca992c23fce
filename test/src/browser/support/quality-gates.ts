import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Console errors, uncaught exceptions, failed requests and 4xx/5xx answers a page produced, taken in batches. */
export class PageProblems {
  private readonly found: string[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.found.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.found.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => this.found.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? '?'})`));
    page.on('response', (response) => {
      if (response.status() >= 400) this.found.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }

  /** Everything found since the last call. */
  take(): string[] {
    return this.found.splice(0);
  }
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/** axe-core over the whole page (it enters open shadow roots); only serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  })()`);
}
