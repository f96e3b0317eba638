import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Options for {@link buildPage}. */
export interface BuildPageOptions {
  /** The Vite project to build. Default: this example (the folder above src/). */
  root?: string;
  /** The Vite config. Default: the one in `root`. */
  configFile?: string;
  /** Where the static page goes. Default: a fresh folder under the OS temp dir, so a test never writes into the checkout. */
  outDir?: string;
}

export const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the page with Vite's JS API and the example's own vite.config.ts
 * (found in `root`), and returns the folder holding it. That config resolves
 * the workspace packages to their TypeScript sources, so neither the spec
 * nor `measure` needs a prior `nx build`.
 */
export async function buildPage(options: BuildPageOptions = {}): Promise<string> {
  const root = options.root ?? EXAMPLE_DIR;
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'browser-pixel-dist-'));
  await build({
    root,
    configFile: options.configFile,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
