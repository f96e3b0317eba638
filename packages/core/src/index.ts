// The Node entry: everything of core. Bundlers building for a browser take
// `browser.ts` instead (the package's `browser` export condition).
export * from './browser.js';
export * from './node.js';
