import { defaultClientConditions, defineConfig } from 'vite';

/**
 * Cross-origin isolation, so that the wasm backend may use its threads
 * (SharedArrayBuffer) when Vite serves the page; any other static server
 * without these headers still works, with one wasm thread.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs: `dist/` works from any static server and under any sub-path.
  base: './',
  resolve: {
    // Workspace packages from their TypeScript sources, with their browser entries (no Node built-ins).
    conditions: ['browser', '@selective-kd/source', ...defaultClientConditions],
  },
  worker: {
    format: 'es',
    rolldownOptions: {
      // tfjs's threaded wasm starts its threads from the source text of a function in the bundle
      // (`factory.toString()`), which must stand alone. Compression rewrites its guarded
      // `typeof _scriptDir !== 'undefined'` to `_scriptDir !== void 0`, which throws there
      // ("e is not defined"); renaming alone keeps the guard.
      output: { minify: { compress: false, mangle: true } },
    },
  },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
