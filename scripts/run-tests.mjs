// Runs every project's typecheck and tests through Nx, then prints one line
// `N passed, N failed` summed from the vitest JSON reports (vitest's own
// summary is per project). Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join(import.meta.dirname, '..', 'tmp', 'test-results');
rmSync(reports, { recursive: true, force: true });

const nx = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'typecheck', 'test', '--skip-nx-cache', '--outputStyle=static', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NX_TUI: 'false', NX_DAEMON: 'false' } },
);

let passed = 0;
let failed = 0;
for (const file of existsSync(reports) ? readdirSync(reports) : []) {
  const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A spec file that cannot even load has no failed tests of its own; count it.
  failed += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
}
// A typecheck or runner failure outside the reports still fails the run.
if (nx.status !== 0 && failed === 0) failed = 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || nx.status !== 0 ? 1 : 0);
