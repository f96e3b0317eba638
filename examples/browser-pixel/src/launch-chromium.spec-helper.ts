import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** A headless Chromium with its own throw-away profile; `close` quits it and deletes the profile. */
export interface LaunchedChromium {
  context: BrowserContext;
  /** The browser's version as it reports it, e.g. `156.0.8078.114`. */
  version: string;
  close(): Promise<void>;
}

/**
 * Flags for a quiet, reproducible headless run: no sandbox (CI runs as
 * root), no network chatter of its own, and WebGL through SwiftShader (the
 * software GPU Chromium ships) since these machines have no GPU.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Launches the system Chromium at `executablePath` through playwright-core (no browser download). */
export async function launchChromium(executablePath: string): Promise<LaunchedChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'browser-pixel-profile-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    // A persistent context has no Browser object to ask; the DevTools protocol answers instead.
    const probe = context.pages()[0] ?? (await context.newPage());
    const { product } = await (await context.newCDPSession(probe)).send('Browser.getVersion');
    return {
      context,
      version: product.replace(/^\D*\//, ''),
      close: async () => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
