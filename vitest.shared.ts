import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const workspaceRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Test settings every project shares. Workspace packages resolve to their
 * TypeScript sources through the `@selective-kd/source` export condition, so
 * tests never need a build. Each run also writes a JSON report that `.ci/run`
 * sums into its `N passed, N failed` line.
 */
export function sharedTestConfig(project: string): ViteUserConfig {
  return {
    resolve: { conditions: ['@selective-kd/source'] },
    ssr: { resolve: { conditions: ['@selective-kd/source'] } },
    test: {
      name: project,
      environment: 'node',
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      testTimeout: 60_000,
      reporters: ['default', 'json'],
      outputFile: { json: `${workspaceRoot}tmp/test-results/${project}.json` },
    },
  };
}
