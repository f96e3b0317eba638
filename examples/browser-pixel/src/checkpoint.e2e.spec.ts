import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, EXAMPLE_DIR } from './build-page.spec-helper.js';
import { findChromium } from './find-chromium.spec-helper.js';
import { launchChromium, type LaunchedChromium } from './launch-chromium.spec-helper.js';
import { openPage } from './open-page.spec-helper.js';
import { serveFolder, type FolderServer } from './serve-folder.spec-helper.js';

// checkpoint-probe/ is a page of its own, never part of the example's build:
// it trains a tiny pixel student with core's browser build, one run per page
// load, and writes what happened into #result.

const browser = findChromium();
if (!browser.path) console.warn(`checkpoint probe spec skipped: ${browser.reason}`);

interface ProbeResult {
  backend: string;
  stopped?: string;
  checkpoints: Array<{ path: string; epoch: number; step: number; globalStep: number }>;
  epochs?: number[];
  weights: number[][];
  tensors: number;
}

/** Loads the probe page for `phase` (a new document, as a reload makes) and returns its #result. */
async function runPhase(page: Page, url: string, phase: 'whole' | 'closed' | 'resume'): Promise<ProbeResult> {
  await page.goto(`${url}?phase=${phase}`);
  const result = page.locator('#result:not([data-state="running"])');
  await result.waitFor({ timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  if ((await result.getAttribute('data-state')) !== 'done') throw new Error(`the probe failed in phase ${phase}: ${text}`);
  return JSON.parse(text) as ProbeResult;
}

describe.skipIf(!browser.path)("core's browser build in headless Chromium keeps checkpoints in IndexedDB", () => {
  let dist: string | undefined;
  let server: FolderServer | undefined;
  let chromium: LaunchedChromium | undefined;

  beforeAll(async () => {
    dist = await buildPage({ root: join(EXAMPLE_DIR, 'checkpoint-probe'), configFile: join(EXAMPLE_DIR, 'vite.config.ts') });
    server = await serveFolder(dist);
    chromium = await launchChromium(browser.path!);
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('a run ended mid-epoch resumes after a page reload and ends with the weights of an uninterrupted run', async () => {
    const { page, errors } = await openPage(chromium!.context, 'about:blank');
    const whole = await runPhase(page, server!.url, 'whole');
    const closed = await runPhase(page, server!.url, 'closed');
    const resumed = await runPhase(page, server!.url, 'resume');

    expect([whole.backend, whole.stopped, resumed.stopped]).toEqual(['cpu', undefined, undefined]);
    expect(whole.checkpoints).toEqual([]);
    const where = 'indexeddb:selective-kd-checkpoints/checkpoint-probe';
    expect(closed.stopped).toBe('tab closed');
    expect(closed.checkpoints).toEqual([
      { path: where, epoch: 0, step: 2, globalStep: 2 },
      { path: where, epoch: 1, step: 0, globalStep: 3 },
      { path: where, epoch: 1, step: 1, globalStep: 4 },
    ]);
    expect(closed.weights).not.toEqual(whole.weights);
    // Picked up at step 4 in the reloaded page, checkpointed at the epochs' ends.
    expect(resumed.checkpoints.map((c) => c.globalStep)).toEqual([6, 9]);
    expect(resumed.epochs).toEqual([0, 1, 2]);
    expect(resumed.weights).toEqual(whole.weights);
    expect(resumed.tensors).toBe(whole.tensors);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
