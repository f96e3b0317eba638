import type { BrowserContext, Page } from 'playwright-core';

/** The states `#status[data-state]` takes (the page's DOM contract). */
export type PageState = 'loading' | 'ready' | 'training' | 'paused' | 'error';

/** A page being watched: everything it logged as an error, and a wait on its state. */
export interface WatchedPage {
  page: Page;
  /** Console messages of type `error` and uncaught exceptions, in order. */
  errors: string[];
  /**
   * Waits until `#status[data-state]` is one of `states` and returns it.
   * Throws at once, with the page's `#error` text, if the page reports
   * `error` and that was not awaited, so a failing backend never looks like
   * a timeout.
   */
  waitForState(states: PageState[], timeoutMs: number): Promise<PageState>;
}

/** Opens `url` in a new tab of `context`, recording console errors and page errors from the first byte. */
export async function openPage(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // The location names the resource behind a bare "Failed to load resource".
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url || 'no location'})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url);

  async function waitForState(states: PageState[], timeoutMs: number): Promise<PageState> {
    const handle = await page.waitForFunction(
      (wanted) => {
        const state = document.querySelector('#status')?.getAttribute('data-state');
        return state && ((wanted as string[]).includes(state) || state === 'error') ? state : false;
      },
      states,
      { timeout: timeoutMs, polling: 200 },
    );
    const state = (await handle.jsonValue()) as PageState;
    if (!states.includes(state)) {
      const message = (await page.locator('#error').textContent())?.trim();
      throw new Error(`${url}: the page reported an error while awaiting ${states.join('|')}: ${message || '(empty #error)'}${errors.length ? `\n${errors.join('\n')}` : ''}`);
    }
    return state;
  }

  return { page, errors, waitForState };
}
