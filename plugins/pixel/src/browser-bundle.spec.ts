import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Plugin, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

/** A Node built-in, as an import names it (`node:fs`, `fs`, `fs/promises`). */
function isNodeBuiltin(id: string): boolean {
  return id.startsWith('node:') || builtinModules.includes(id.split('/')[0]!);
}

/**
 * Whether the package that `importer` belongs to maps `id` to nothing in its
 * `browser` field: its authors declare the import unused in browsers (tfjs
 * and seedrandom reach for `fs`, `crypto`, … only when they run in Node), and
 * bundlers drop it.
 */
function droppedByBrowserField(id: string, importer: string | undefined): boolean {
  for (let dir = dirname(importer ?? '/'); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const browser = (JSON.parse(readFileSync(manifest, 'utf8')) as { browser?: unknown }).browser;
    return typeof browser === 'object' && browser !== null && (browser as Record<string, unknown>)[id] === false;
  }
  return false;
}

interface BrowserBundle {
  /** Every import of a Node built-in anywhere in the bundle that its package does not drop for browsers, with the file that made it. */
  nodeImports: string[];
  /** Bytes of JavaScript written (entry and lazy chunks). */
  bytes: number;
}

const ENTRY = '\0browser-bundle-entry';

/** The bundle's entry: re-exports everything of `entry`, so nothing is tree-shaken away before it is checked. */
function reExport(entry: string): Plugin {
  return {
    name: 're-export',
    enforce: 'pre',
    // Lib mode hands the entry over as a path under the root.
    resolveId: (id) => (id.endsWith(ENTRY) ? ENTRY : null),
    load: (id) => (id === ENTRY ? `export * from '${entry}';` : null),
  };
}

/**
 * Bundles `entry` as a browser app would (Vite, its `browser` export condition
 * and package `browser` fields), dependencies included, and records every Node
 * built-in a module imports that no `browser` field drops: where Vite would
 * otherwise swap in an empty stub that fails when used.
 * Workspace packages resolve to their TypeScript sources.
 */
async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const nodeImports: string[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    enforce: 'pre',
    resolveId(id, importer) {
      if (!isNodeBuiltin(id)) return null;
      if (!droppedByBrowserField(id, importer)) nodeImports.push(`${id} (from ${importer})`);
      return { id, external: true };
    },
  };
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [reExport(entry), recordNodeImports],
    resolve: { conditions: ['browser', '@selective-kd/source', 'module', 'import', 'default'] },
    build: {
      write: false,
      minify: false,
      lib: { entry: ENTRY, formats: ['es'], fileName: 'bundle' },
    },
  })) as Rollup.RollupOutput[];
  const chunks = output.flatMap((result) => result.output).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  return { nodeImports, bytes: chunks.reduce((sum, chunk) => sum + chunk.code.length, 0) };
}

describe('browser builds of core and the pixel plugin', () => {
  it.each(['@selective-kd/core', '@selective-kd/pixel'])('%s bundles for a browser without any Node built-in', async (entry) => {
    const bundle = await bundleForBrowser(entry);
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.bytes).toBeGreaterThan(100_000);
  }, 120_000);

  it.each(['@selective-kd/core/node', '@selective-kd/pixel/node'])('the check catches the Node-only part, %s', async (entry) => {
    const bundle = await bundleForBrowser(entry);
    expect(bundle.nodeImports.some((line) => line.startsWith('node:fs'))).toBe(true);
  }, 120_000);
});
